import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { DefaultTest, TestSource } from '../../spec/suite.ts';
import type { ScanStore, StoredScan } from '../../store/scan-store.ts';
import { hashValue } from '../../util/hash.ts';
import { plumeVersion } from '../../util/package-info.ts';
import type { FileVarReader } from './file-var-reader.ts';
import { scanTests, type TestScan } from './scan-tests.ts';

/**
 * Raise when what a scan computes or checks changes (test ids, digests, numbering of copies,
 * warnings; 2: each test's assertions are compiled; 3: list vars expand, options code compiles,
 * storeOutputAs is noted).
 */
const SCAN_FORMAT = 3;

/** What is kept of a scan: its findings, and each streamed source's count and hash. */
interface KeptScan {
  testCount: number;
  duplicateIds: string[];
  dataHash: string;
  warnings: string[];
  storesOutputs: boolean;
  sources: ({ count: number; hash: string } | null)[];
}

/**
 * scanTests, unless the same tests were scanned before. A scan reads and validates every row and
 * hashes every test: a tenth of a cached re-run of 20,000 cells. Its findings depend only on
 * what it reads, so they are kept under a hash of exactly that: the defaults, each inline test,
 * each test file's bytes (hashed again on every load: a few ms for 10,000 rows), plus the
 * plume version, SCAN_FORMAT and the folders files may be read from (a file a scan was allowed to
 * read then may be refused now). The variable files a scan read are listed with their hashes and
 * hashed again before a kept scan is used. Without `scans`, or when a file cannot be read (the
 * scan then says why), the tests are scanned.
 */
export async function cachedScanTests(
  sources: TestSource[],
  defaults: DefaultTest,
  reader: FileVarReader,
  scans: ScanStore | undefined,
): Promise<TestScan> {
  const key = scans === undefined ? undefined : scanKey(sources, defaults, reader.readRoots);
  if (scans === undefined || key === undefined) return scanTests(sources, defaults, reader);
  const kept = usable(scans.get(key), sources);
  if (kept !== undefined) return kept;
  const scan = await scanTests(sources, defaults, reader);
  scans.put(key, { files: [...reader.filesRead], scan: keep(scan) });
  return scan;
}

function scanKey(
  sources: readonly TestSource[],
  defaults: DefaultTest,
  readRoots: readonly string[],
): string | undefined {
  const read: unknown[] = [];
  for (const source of sources) {
    if (source.kind === 'loaded') {
      read.push({ kind: 'loaded', tests: hashValue(source.tests) });
      continue;
    }
    const content = fileDigest(source.file);
    if (content === undefined) return undefined;
    read.push({ kind: source.kind, format: source.format, file: source.file, content });
  }
  return hashValue({ format: SCAN_FORMAT, plume: plumeVersion(), defaults, sources: read, readRoots });
}

function keep(scan: TestScan): KeptScan {
  return {
    testCount: scan.testCount,
    duplicateIds: scan.duplicateIds,
    dataHash: scan.dataHash,
    warnings: scan.warnings,
    storesOutputs: scan.storesOutputs,
    sources: scan.sources.map((source) =>
      source.kind === 'stream' ? { count: source.count, hash: source.hash } : null,
    ),
  };
}

// A kept scan whose variable files are unchanged, as a TestScan of these sources; else undefined.
function usable(stored: StoredScan | undefined, sources: readonly TestSource[]): TestScan | undefined {
  if (stored === undefined) return undefined;
  const kept = stored.scan as KeptScan;
  if (!Array.isArray(kept?.sources) || kept.sources.length !== sources.length) return undefined;
  for (const [path, digest] of stored.files) {
    if (fileDigest(path) !== digest) return undefined;
  }
  const rebuilt: TestSource[] = [];
  for (const [index, source] of sources.entries()) {
    const found = kept.sources[index];
    if (source.kind === 'loaded') rebuilt.push(source);
    else if (found) rebuilt.push({ ...source, count: found.count, hash: found.hash });
    else return undefined;
  }
  return {
    sources: rebuilt,
    testCount: kept.testCount,
    duplicateIds: kept.duplicateIds,
    dataHash: kept.dataHash,
    warnings: kept.warnings,
    storesOutputs: kept.storesOutputs === true,
  };
}

// sha256 of a file's bytes, as FileVarReader hashes what it reads, in chunks (test files can be
// large); undefined if it cannot be read.
function fileDigest(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk))
      hash.update(chunk.subarray(0, read));
    return hash.digest('hex');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
