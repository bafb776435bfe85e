/**
 * Fits SARIF runs into code scanning uploads: each run within the per-run limits (trimmed when it must be), then
 * as few uploads as possible with ≤ maxRunsPerUpload runs and ≤ maxGzipBytes of gzip each.
 * Sizes are measured by compressing, never estimated from the JSON length.
 *
 * Each run is serialized and compressed once. Its JSON is compressed as a piece of raw deflate that ends on a byte
 * boundary (a sync flush, no final block), so pieces placed one after another are one valid deflate stream: an
 * upload is the gzip header, the document's opening piece, its runs' pieces with separators, the closing piece, a
 * final empty block and the gzip trailer (CRC-32 combined from the pieces' CRCs, and the length). An upload's size
 * is therefore known exactly from its pieces, and packing runs into uploads compresses nothing again. The run's
 * JSON is produced in slices of results, each slice compressed on the thread pool while the next is serialized.
 */
import { constants, crc32, deflateRaw as deflateRawCb, deflateRawSync } from 'node:zlib';
import type { SarifLimits } from './limits.js';
import { clampRunLimits, keepMostSevere, type SarifLog, type SarifRun } from './sarif-trim.js';

/** `$schema` and `version` of the uploaded documents (taken from the first SARIF file). */
export type SarifHeader = Pick<SarifLog, '$schema' | 'version'>;

export const DEFAULT_HEADER: SarifHeader = {
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  version: '2.1.0',
};

/**
 * zlib level of the first compression: fast (SARIF's repetitive JSON compresses ~16:1 even so; on the bench's 63 MB
 * Trivy run level 3 was as fast as level 1 and 5 % smaller, level 6 14 % smaller but ~40 % slower). A run over the size
 * limit is compressed again at BEST_LEVEL before any of its results is left out, so the fast level never costs results.
 */
export const FAST_LEVEL = 3;
export const BEST_LEVEL = 9;
/** Uncompressed bytes per deflate job (jobs run on the libuv thread pool, a few at a time). */
const CHUNK_BYTES = 2 * 1024 * 1024;
const IN_FLIGHT = 4;
/** Results serialized per slice of a run's JSON. */
const RESULTS_PER_SLICE = 500;

/** Bytes compressed on their own as raw deflate ending on a byte boundary, with their CRC-32 and length. */
export interface DeflatePiece {
  data: Buffer;
  crc: number;
  length: number;
}

function deflateRaw(buf: Buffer, level: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    deflateRawCb(buf, { level, finishFlush: constants.Z_SYNC_FLUSH }, (e, out) => (e ? reject(e) : resolve(out))),
  );
}

function smallPiece(text: string): DeflatePiece {
  const buf = Buffer.from(text, 'utf8');
  return { data: deflateRawSync(buf, { level: BEST_LEVEL, finishFlush: constants.Z_SYNC_FLUSH }), crc: crc32(buf), length: buf.length };
}

/** Compresses the strings `parts` yields, in order, as one piece; serializing a part overlaps compressing the last. */
async function compressParts(parts: Iterable<string>, level: number): Promise<DeflatePiece> {
  const jobs: Promise<Buffer>[] = [];
  const done: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let crc = 0;
  let length = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    jobs.push(deflateRaw(pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes), level));
    pending = [];
    pendingBytes = 0;
    if (jobs.length - done.length >= IN_FLIGHT) done.push(await jobs[done.length]!);
  };
  for (const part of parts) {
    const buf = Buffer.from(part, 'utf8');
    crc = crc32(buf, crc);
    length += buf.length;
    pending.push(buf);
    pendingBytes += buf.length;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  while (done.length < jobs.length) done.push(await jobs[done.length]!);
  return { data: done.length === 1 ? done[0]! : Buffer.concat(done), crc, length };
}

/**
 * A run's JSON in slices: the run without its results, then its results a slice at a time. `results` moves to the
 * end of the run object (member order has no meaning in JSON); the slices joined are JSON.stringify of the run.
 */
export function* runJsonParts(run: SarifRun): Generator<string> {
  const { results, ...rest } = run;
  if (!Array.isArray(results) || results.length === 0) {
    yield JSON.stringify(run);
    return;
  }
  const head = JSON.stringify(rest);
  yield `${head.slice(0, -1)}${head === '{}' ? '' : ','}"results":[`;
  for (let i = 0; i < results.length; i += RESULTS_PER_SLICE) {
    yield `${i > 0 ? ',' : ''}${JSON.stringify(results.slice(i, i + RESULTS_PER_SLICE)).slice(1, -1)}`;
  }
  yield ']}';
}

/** The pieces around the runs of an upload document with this header. */
interface DocumentPieces {
  open: DeflatePiece;
  separator: DeflatePiece;
  close: DeflatePiece;
}
const documents = new Map<string, DocumentPieces>();
function documentPieces(header: SarifHeader): DocumentPieces {
  const head = JSON.stringify({ $schema: header.$schema, version: header.version });
  let d = documents.get(head);
  if (!d) {
    d = { open: smallPiece(`${head.slice(0, -1)}${head === '{}' ? '' : ','}"runs":[`), separator: smallPiece(','), close: smallPiece(']}') };
    documents.set(head, d);
  }
  return d;
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** A final, empty block of fixed Huffman codes: ends the deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
const GZIP_OVERHEAD = GZIP_HEADER.length + FINAL_BLOCK.length + 8;

/** The pieces of the document holding `runs`, in order. */
function piecesOf(doc: DocumentPieces, runs: readonly DeflatePiece[]): DeflatePiece[] {
  const out = [doc.open];
  runs.forEach((r, i) => out.push(...(i > 0 ? [doc.separator, r] : [r])));
  out.push(doc.close);
  return out;
}

/** Bytes of the gzip that assembleGzip would produce for these pieces. */
function gzipSize(pieces: readonly DeflatePiece[]): number {
  return pieces.reduce((n, p) => n + p.data.length, GZIP_OVERHEAD);
}

/** One gzip member holding the pieces' bytes, in order. */
export function assembleGzip(pieces: readonly DeflatePiece[]): Buffer {
  let crc = 0;
  let length = 0;
  for (const p of pieces) {
    crc = crc32Combine(crc, p.crc, p.length);
    length += p.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return Buffer.concat([GZIP_HEADER, ...pieces.map((p) => p.data), FINAL_BLOCK, trailer], gzipSize(pieces));
}

// CRC-32 of concatenated data from the parts' CRCs and lengths: zlib's crc32_combine (multiplication modulo the
// CRC polynomial, by x^(8·len2)), which Node's zlib does not expose.
const POLY = 0xedb88320;
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if ((a & m) !== 0) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}
const X2N: number[] = [];
for (let n = 0, p = 0x40000000; n < 32; n++) {
  X2N.push(p);
  p = multModP(p, p);
}
function x2nModP(n: number, k: number): number {
  let p = 0x80000000;
  while (n > 0) {
    if (n % 2 === 1) p = multModP(X2N[k & 31]!, p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}
/** CRC-32 of A followed by B, from CRC-32(A), CRC-32(B) and B's length. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x2nModP(lengthB, 3), crcA >>> 0) ^ crcB) >>> 0;
}

/** Compresses one run (its JSON, as a piece of an upload document). */
export function compressRun(run: SarifRun, level = FAST_LEVEL): Promise<DeflatePiece> {
  return compressParts(runJsonParts(run), level);
}

export async function gzipDocument(header: SarifHeader, runs: readonly SarifRun[]): Promise<Buffer> {
  const pieces: DeflatePiece[] = [];
  for (const run of runs) pieces.push(await compressRun(run));
  return assembleGzip(piecesOf(documentPieces(header), pieces));
}

export interface PreparedRun {
  run: SarifRun;
  /** The SARIF file the run came from. */
  file: string;
  /** `automationDetails.id` (the code scanning category), or `<tool>/` when absent. */
  category: string;
  tool: string;
  /** This run alone as an upload document, compressed. */
  gzip: Buffer;
  /** The run's JSON compressed as a piece of an upload document (buildUploads puts pieces together). */
  piece: DeflatePiece;
  /** Results in the input run. */
  total: number;
  /** Results left out to respect the limits (0 when none). */
  leftOut: number;
  /** Why results were left out: over the result count limit, and/or over the size limit. */
  reasons: ('result-limit' | 'size-limit')[];
  /** Even with no results the run does not fit (huge rules/driver): it cannot be uploaded. */
  tooLarge: boolean;
}

export function runLabel(run: SarifRun): { category: string; tool: string } {
  const tool = typeof run.tool?.driver?.name === 'string' && run.tool.driver.name ? run.tool.driver.name : 'unknown tool';
  const id = run.automationDetails?.id;
  return { tool, category: typeof id === 'string' && id ? id : `${tool}/` };
}

/** Brings one run within the per-run limits: count of results first, then (if still needed) the gzip size. */
export async function prepareRun(run: SarifRun, file: string, header: SarifHeader, limits: SarifLimits): Promise<PreparedRun> {
  const clamped = clampRunLimits(run, limits);
  const total = clamped.results?.length ?? 0;
  const reasons: PreparedRun['reasons'] = [];
  let keep = total;
  if (keep > limits.maxResultsPerRun) {
    keep = limits.maxResultsPerRun;
    reasons.push('result-limit');
  }
  const dropUnusedRules = (clamped.tool.driver.rules?.length ?? 0) > limits.maxRulesPerRun;
  let trimmed = keepMostSevere(clamped, keep, { dropUnusedRules });
  const doc = documentPieces(header);
  const sizeOf = (p: DeflatePiece) => gzipSize(piecesOf(doc, [p]));
  let piece = await compressRun(trimmed.run, FAST_LEVEL);
  // Over the limit at the fast level: the best level first, before leaving anything out.
  if (sizeOf(piece) > limits.maxGzipBytes) piece = await compressRun(trimmed.run, BEST_LEVEL);
  // Shrink in proportion to the overshoot (plus 5 %): one or two rounds in practice.
  for (let round = 0; sizeOf(piece) > limits.maxGzipBytes && keep > 0 && round < 20; round++) {
    keep = Math.max(0, Math.min(keep - 1, Math.floor(keep * (limits.maxGzipBytes / sizeOf(piece)) * 0.95)));
    if (!reasons.includes('size-limit')) reasons.push('size-limit');
    trimmed = keepMostSevere(clamped, keep, { dropUnusedRules: true });
    piece = await compressRun(trimmed.run, BEST_LEVEL);
  }
  const gzip = assembleGzip(piecesOf(doc, [piece]));
  return {
    run: trimmed.run,
    file,
    ...runLabel(run),
    gzip,
    piece,
    total,
    leftOut: trimmed.leftOut,
    reasons: trimmed.leftOut > 0 ? reasons : [],
    tooLarge: gzip.length > limits.maxGzipBytes,
  };
}

/**
 * Groups runs (by position) into uploads, keeping their order: a new upload starts when the current one holds
 * maxRunsPerUpload runs or the next run's own gzip size would push the sum past maxGzipBytes. The sum of separate
 * gzip sizes bounds the combined size from above (each counts the document's framing once more than the upload does).
 */
export function planPacks(gzipSizes: readonly number[], limits: Pick<SarifLimits, 'maxRunsPerUpload' | 'maxGzipBytes'>): number[][] {
  const packs: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  gzipSizes.forEach((size, i) => {
    if (current.length > 0 && (current.length >= limits.maxRunsPerUpload || bytes + size > limits.maxGzipBytes)) {
      packs.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length > 0) packs.push(current);
  return packs;
}

export interface PackedUpload {
  runs: PreparedRun[];
  /** The upload document, compressed (what goes base64-encoded into the request). */
  gzip: Buffer;
}

/**
 * Runs that fit → uploads within the limits (a pack over the size limit is split in two, recursively). Each upload is
 * put together from the runs' compressed pieces: nothing is serialized or compressed again.
 */
export async function buildUploads(runs: readonly PreparedRun[], header: SarifHeader, limits: SarifLimits): Promise<PackedUpload[]> {
  const uploads: PackedUpload[] = [];
  const doc = documentPieces(header);
  const emit = (pack: PreparedRun[]): void => {
    const pieces = piecesOf(doc, pack.map((p) => p.piece));
    if (gzipSize(pieces) > limits.maxGzipBytes && pack.length > 1) {
      const half = Math.ceil(pack.length / 2);
      emit(pack.slice(0, half));
      emit(pack.slice(half));
      return;
    }
    uploads.push({ runs: pack, gzip: assembleGzip(pieces) });
  };
  for (const indices of planPacks(runs.map((r) => r.gzip.length), limits)) {
    emit(indices.map((i) => runs[i] as PreparedRun));
  }
  return Promise.resolve(uploads);
}
