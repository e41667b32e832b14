// Checks the README's Commands and Settings tables against package.json, so they cannot drift:
// every palette command appears (by title, in manifest order) and nothing else; every setting
// appears with its default. `node scripts/readme-tables.mjs` prints the problems and exits 1.
import { readFileSync } from 'node:fs';

/** Commands the palette shows (not hidden with `when: false`), in manifest order. */
export function paletteCommands(manifest) {
  const hidden = new Set((manifest.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
  return manifest.contributes.commands.filter((c) => !hidden.has(c.command));
}

/** First-column cells of the markdown table under the `## <heading>` section. */
function tableRows(readme, heading) {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) return undefined;
  const rest = readme.slice(start + heading.length + 5);
  const section = rest.slice(0, rest.search(/\n## /) === -1 ? undefined : rest.search(/\n## /));
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .slice(1)
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

/** Problems found; empty when the README matches the manifest. */
export function checkReadme(readme, manifest) {
  const problems = [];
  const commands = tableRows(readme, 'Commands');
  if (!commands) problems.push('README has no "## Commands" section');
  else {
    const want = paletteCommands(manifest).map((c) => c.title);
    const have = commands.map((r) => r[0]);
    if (JSON.stringify(want) !== JSON.stringify(have)) problems.push(`Commands table: README has [${have.join(', ')}], package.json has [${want.join(', ')}]`);
  }
  const settings = tableRows(readme, 'Settings');
  if (!settings) problems.push('README has no "## Settings" section');
  else {
    const props = manifest.contributes.configuration.properties;
    const have = new Map(settings.map((r) => [r[0].replace(/`/g, ''), r[1].replace(/`/g, '')]));
    for (const [key, p] of Object.entries(props)) {
      if (!have.has(key)) problems.push(`Settings table lacks ${key}`);
      else if (have.get(key) !== JSON.stringify(p.default)) problems.push(`Settings table: ${key} default is ${have.get(key)} in README, ${JSON.stringify(p.default)} in package.json`);
    }
    for (const key of have.keys()) if (!(key in props)) problems.push(`Settings table has ${key}, which package.json does not contribute`);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  const problems = checkReadme(readFileSync(`${root}README.md`, 'utf8'), JSON.parse(readFileSync(`${root}package.json`, 'utf8')));
  for (const p of problems) console.error(p);
  process.exit(problems.length ? 1 : 0);
}
