import { PlumeError } from '../../util/errors.ts';
import { safeJsonParse } from '../../util/safe-json.ts';

/** One tensor of a safetensors file: its element type, shape and raw little-endian bytes. */
export interface SafetensorsTensor {
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

const DTYPE_SIZES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * Parse a safetensors file: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the tensors' bytes. The bytes are views, not copies.
 */
export function readSafetensors(
  file: Uint8Array,
  name = 'model.safetensors',
): Map<string, SafetensorsTensor> {
  const fail = (message: string): never => {
    throw new PlumeError({ code: 'LOCAL_MODEL', message: `${name}: ${message}` });
  };
  if (file.byteLength < 8) fail('file is too short to be safetensors');
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > file.byteLength - 8) fail('header length runs past the end of the file');
  const headerText = new TextDecoder().decode(file.subarray(8, 8 + headerLength));
  const header = safeJsonParse<Record<string, unknown>>(headerText);
  if (!header.ok || typeof header.value !== 'object' || header.value === null) fail('header is not JSON');
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, SafetensorsTensor>();
  for (const [key, raw] of Object.entries((header as { value: Record<string, unknown> }).value)) {
    if (key === '__metadata__') continue;
    const entry = raw as HeaderEntry;
    const size = DTYPE_SIZES[entry.dtype];
    if (size === undefined) fail(`tensor "${key}" has unknown dtype ${String(entry.dtype)}`);
    const [start, end] = entry.data_offsets;
    const count = entry.shape.reduce((product, dimension) => product * dimension, 1);
    if (end - start !== count * size! || dataStart + end > file.byteLength) {
      fail(`tensor "${key}" has a byte range that does not fit its shape or the file`);
    }
    tensors.set(key, {
      dtype: entry.dtype,
      shape: entry.shape,
      bytes: file.subarray(dataStart + start, dataStart + end),
    });
  }
  return tensors;
}

type ElementReader = (view: DataView, index: number) => number;

const bfloatScratch = new DataView(new ArrayBuffer(4));

const FLOAT_READERS: Record<string, ElementReader> = {
  F64: (view, i) => view.getFloat64(i * 8, true),
  F32: (view, i) => view.getFloat32(i * 4, true),
  F16: (view, i) => halfToFloat(view.getUint16(i * 2, true)),
  // bfloat16 is the top half of a float32.
  BF16: (view, i) => {
    bfloatScratch.setUint32(0, view.getUint16(i * 2, true) << 16);
    return bfloatScratch.getFloat32(0);
  },
  I8: (view, i) => view.getInt8(i),
};

const INTEGER_READERS: Record<string, ElementReader> = {
  I64: (view, i) => Number(view.getBigInt64(i * 8, true)),
  I32: (view, i) => view.getInt32(i * 4, true),
  I16: (view, i) => view.getInt16(i * 2, true),
  I8: (view, i) => view.getInt8(i),
  U8: (view, i) => view.getUint8(i),
};

/** A tensor's values as 32-bit floats (from F64, F32, F16, BF16 or I8). */
export function tensorToFloat32(tensor: SafetensorsTensor): Float32Array {
  return readElements(tensor, FLOAT_READERS, new Float32Array(elementCount(tensor)), 'floats');
}

/** A tensor's values as 32-bit integers (from I64, I32, I16, I8 or U8). */
export function tensorToInt32(tensor: SafetensorsTensor): Int32Array {
  return readElements(tensor, INTEGER_READERS, new Int32Array(elementCount(tensor)), 'integers');
}

function elementCount(tensor: SafetensorsTensor): number {
  return tensor.bytes.byteLength / (DTYPE_SIZES[tensor.dtype] ?? 1);
}

function readElements<T extends Float32Array | Int32Array>(
  tensor: SafetensorsTensor,
  readers: Record<string, ElementReader>,
  out: T,
  what: string,
): T {
  const read = readers[tensor.dtype];
  if (!read)
    throw new PlumeError({ code: 'LOCAL_MODEL', message: `cannot read a ${tensor.dtype} tensor as ${what}` });
  // A DataView, because the tensor's bytes need not be aligned for a typed-array view.
  const view = new DataView(tensor.bytes.buffer, tensor.bytes.byteOffset, tensor.bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = read(view, i);
  return out;
}

/** IEEE 754 half precision to a JS number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
