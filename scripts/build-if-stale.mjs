// `npm run dev` calls this before starting: it runs `npm run build` only when a source file, a
// tsconfig or the lockfile is newer than the last build (dist/.build-stamp), so a restart with
// nothing changed starts at once. `npm run build` itself always rebuilds from scratch.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.build-stamp';
const SOURCE_DIRS = ['apps', 'libs', 'migrations', 'scripts'];
const SOURCE_FILES = ['tsconfig.json', 'package.json', 'package-lock.json'];

/** The newest modification time under `path` (TypeScript and JSON files only). */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory() || /\.(ts|json)$/.test(entry.name))
      latest = Math.max(latest, newest(child));
  }
  return latest;
}

const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
const sources = Math.max(...SOURCE_DIRS.map(newest), ...SOURCE_FILES.map(newest));
if (built > sources) {
  process.stdout.write('[dev] dist/ is up to date, not rebuilding\n');
} else {
  process.stdout.write(built ? '[dev] sources changed, rebuilding\n' : '[dev] building\n');
  const startedAt = new Date();
  const result = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(STAMP, `${startedAt.toISOString()}\n`);
}
