/**
 * `npm run bench`: every benchmark in turn. Each prints its own table and writes JSON to
 * tests/bench/results/. Benchmarks need a real PostgreSQL: BENCH_DATABASE_URL / TEST_DATABASE_URL,
 * or the benchmark starts a throwaway cluster (scripts/postgres.sh).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const BENCHES = ['orders.ts', 'finance.ts', 'export.ts', 'audit-chain.ts', 'bundle.ts'];
const dir = path.join(process.cwd(), 'tests', 'bench');
let failed = 0;
for (const file of BENCHES) {
  if (!fs.existsSync(path.join(dir, file))) continue;
  console.log(`\n▶ ${file}`);
  const result = spawnSync(
    path.join(process.cwd(), 'node_modules', '.bin', 'tsx'),
    ['--conditions=react-server', path.join(dir, file)],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
