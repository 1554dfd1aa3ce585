/** Writes results.json, junit.xml and report.html, each passed through the redactor last. */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Redactor } from '../redact/redactor.ts';
import type { RunResults } from '../results/run-results.ts';
import { renderHtml } from './html-report.ts';
import { renderJunit } from './junit-report.ts';

export async function writeReports(results: RunResults, dir: string, redactor: Redactor): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    ['results.json', `${JSON.stringify(results, null, 2)}\n`],
    ['junit.xml', renderJunit(results)],
    ['report.html', renderHtml(results)],
  ];
  const paths: string[] = [];
  for (const [name, content] of files) {
    const path = resolve(dir, name);
    // Last line of defence: nothing written carries a known secret or a token-shaped string.
    await writeFile(path, redactor.text(content));
    paths.push(path);
  }
  return paths;
}
