// Profiles a generated ~1 GB CSV (made once into bench/.data/, reused after) in a child process, reading its
// peak RSS, and the same profile done with pandas; also the time to the first look (schema + first rows).
// The box is shared, so each side runs twice, alternating, and its best time counts (the run least slowed by
// others); the peak RSS reported is the larger of the two.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const dataFile = join(here, '.data', 'data-1gb.csv');
const targetBytes = 1_000_000_000;

/** Deterministic rows of mixed numeric, categorical, date and free-text columns, some values missing. */
function generate(path) {
  let seed = 42;
  const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
  const normal = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  const categories = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu'];
  const cities = Array.from({ length: 1000 }, (_, i) => `city_${i}`);
  const words = 'the quick brown fox jumps over lazy dog data model train test loss accuracy feature label value sample'.split(' ');
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  let written = writeSync(fd, 'id,age,income,score,category,city,flag,signup_date,comment,label\n');
  for (let id = 0; written < targetBytes; ) {
    let chunk = '';
    for (let i = 0; i < 50000; i++, id++) {
      const age = random() < 0.05 ? '' : String(18 + Math.floor(random() * 60));
      const income = random() < 0.1 ? '' : (30000 + normal() * 12000).toFixed(2);
      const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 1500) * 86400000).toISOString().slice(0, 10);
      let comment = words[Math.floor(random() * words.length)];
      for (let w = 2 + Math.floor(random() * 8); w > 0; w--) comment += ` ${words[Math.floor(random() * words.length)]}`;
      chunk += `${id},${age},${income},${(normal() * 2 + 5).toFixed(4)},${categories[Math.floor(random() * random() * categories.length)]},${cities[Math.floor(random() * cities.length)]},${random() < 0.3 ? 1 : 0},${day},${comment},${random() < 0.02 ? 'fraud' : 'ok'}\n`;
    }
    written += writeSync(fd, chunk);
  }
  closeSync(fd);
  renameSync(partial, path);
}

/** Runs in a child process so its peak RSS is the profile's alone. */
async function child(mode, path) {
  const data = require('../out/src/core/data/index.js');
  const started = performance.now();
  if (mode === 'first-look') await data.quickLook(path, { sampleRows: 200 });
  else await data.profileDataset(path, { labelColumn: 'label' });
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

const pandasProfile = `
import sys, time
import pandas as pd
started = time.time()
df = pd.read_csv(sys.argv[1])
df.describe(include='all')
for column in df.columns:
    df[column].isna().sum()
    df[column].nunique()
    df[column].value_counts()
print(time.time() - started)
`;

function runChild(mode) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), mode, dataFile], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`${mode} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

if (process.argv[2] === 'first-look' || process.argv[2] === 'profile') {
  await child(process.argv[2], process.argv[3]);
} else {
  if (!existsSync(dataFile)) {
    mkdirSync(dirname(dataFile), { recursive: true });
    const started = performance.now();
    generate(dataFile);
    console.error(`data: generated ${dataFile} (${(statSync(dataFile).size / 1e9).toFixed(2)} GB) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const firstLook = runChild('first-look');
  console.log(`BENCH data.first_look_1gb ${Math.round(firstLook.ms)} ms`);
  const profiles = [];
  const pandasSeconds = [];
  for (let round = 0; round < 2; round++) {
    profiles.push(runChild('profile'));
    const pandas = spawnSync('/usr/bin/python3', ['-c', pandasProfile, dataFile], { encoding: 'utf8' });
    if (pandas.status !== 0) throw new Error(`pandas failed: ${pandas.stderr}`);
    pandasSeconds.push(Number(pandas.stdout.trim()));
  }
  const profileSeconds = Math.min(...profiles.map((p) => p.ms)) / 1000;
  const pandasBest = Math.min(...pandasSeconds);
  console.log(`BENCH data.profile_1gb ${profileSeconds.toFixed(1)} s`);
  console.log(`BENCH data.profile_1gb_peak_rss ${Math.round(Math.max(...profiles.map((p) => p.peakRssMb)))} MB`);
  console.log(`BENCH data.pandas_1gb ${pandasBest.toFixed(1)} s`);
  console.log(`BENCH data.speedup_vs_pandas ${(pandasBest / profileSeconds).toFixed(1)} x`);
}
