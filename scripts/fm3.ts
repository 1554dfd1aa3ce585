import { FAULTS } from '../lib/reference-server/faults.ts';
import { runFaultMatrix } from '../lib/runner/fault-matrix.ts';
const n = Number(process.argv[2] ?? 2);
const w = Number(process.argv[3] ?? 4);
const t0 = Date.now();
const m = await runFaultMatrix({ faults: FAULTS.slice(0, n), maxWorkers: w });
console.log(n, 'faults', w, 'workers', (Date.now() - t0) / 1000, 's', m.healthyProblems.length);
console.log(m.healthyProblems);
