// Renders the inputs and outputs tables of action.yml as Markdown. `node scripts/inputs-table.mjs --write`
// replaces the block between the markers in README.md; the tests check that README.md is up to date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { root } from './local-scanners.mjs';

export const BEGIN = '<!-- inputs-table:begin (generated from action.yml by scripts/inputs-table.mjs) -->';
export const END = '<!-- inputs-table:end -->';

/** @param {string} text */
const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ').trim();

/** @returns {string} */
export function renderTables() {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
  const lines = ['| Input | Default | Description |', '| --- | --- | --- |'];
  for (const [name, i] of Object.entries(action.inputs)) {
    const def = i.default === undefined || i.default === '' ? '' : `\`${cell(i.default)}\``;
    lines.push(`| \`${name}\` | ${def} | ${cell(i.description)} |`);
  }
  lines.push('', '| Output | Description |', '| --- | --- |');
  for (const [name, o] of Object.entries(action.outputs)) lines.push(`| \`${name}\` | ${cell(o.description)} |`);
  return [BEGIN, ...lines, END].join('\n');
}

/** @param {string} readme */
export function replaceTables(readme) {
  const a = readme.indexOf(BEGIN);
  const b = readme.indexOf(END);
  if (a === -1 || b === -1) throw new Error('README.md has no inputs-table markers');
  return readme.slice(0, a) + renderTables() + readme.slice(b + END.length);
}

if (process.argv.includes('--write')) {
  const file = join(root, 'README.md');
  writeFileSync(file, replaceTables(readFileSync(file, 'utf8')));
}
