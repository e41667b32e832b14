/**
 * The skip reason of a test that cannot run because a tool is not installed. scripts/test.mjs
 * recognises the "missing tool:" prefix, lists such skips, and counts each as a failure under CI
 * (CI=true), where `npm run setup:system` has installed every tool.
 */
export function missingTool(tool: string, remedy = 'run `npm run setup:system`'): string {
  return `missing tool: ${tool} (${remedy})`;
}
