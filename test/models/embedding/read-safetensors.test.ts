import { describe, expect, it } from 'vitest';
import {
  halfToFloat,
  readSafetensors,
  tensorToFloat32,
  tensorToInt32,
} from '../../../src/models/embedding/read-safetensors.ts';

/** A safetensors file built by hand: header length, JSON header, then the tensors' bytes. */
function safetensorsFile(
  tensors: Record<string, { dtype: string; shape: number[]; bytes: number[] }>,
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  const data: number[] = [];
  for (const [name, tensor] of Object.entries(tensors)) {
    header[name] = {
      dtype: tensor.dtype,
      shape: tensor.shape,
      data_offsets: [data.length, data.length + tensor.bytes.length],
    };
    data.push(...tensor.bytes);
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const file = new Uint8Array(8 + json.length + data.length);
  new DataView(file.buffer).setBigUint64(0, BigInt(json.length), true);
  file.set(json, 8);
  file.set(data, 8 + json.length);
  return file;
}

describe('readSafetensors', () => {
  it('reads f16, i8 and i32 tensors at unaligned offsets', () => {
    const file = safetensorsFile({
      // 1.0, -2.0 and 0.5 in half precision.
      half: { dtype: 'F16', shape: [3], bytes: [0x00, 0x3c, 0x00, 0xc0, 0x00, 0x38] },
      small: { dtype: 'I8', shape: [2], bytes: [0x7f, 0x80] },
      index: { dtype: 'I32', shape: [1], bytes: [0x05, 0x00, 0x00, 0x00] },
    });
    const tensors = readSafetensors(file);
    expect([...tensors.keys()]).toEqual(['half', 'small', 'index']);
    expect([...tensorToFloat32(tensors.get('half')!)]).toEqual([1, -2, 0.5]);
    expect([...tensorToFloat32(tensors.get('small')!)]).toEqual([127, -128]);
    expect([...tensorToInt32(tensors.get('index')!)]).toEqual([5]);
  });

  it('rejects a truncated file or a byte range that does not fit the shape', () => {
    expect(() => readSafetensors(new Uint8Array(4))).toThrow(/too short/);
    const wrong = safetensorsFile({ x: { dtype: 'F32', shape: [2], bytes: [0, 0, 0, 0] } });
    expect(() => readSafetensors(wrong)).toThrow(/does not fit/);
  });

  it('converts half-precision special values', () => {
    expect(halfToFloat(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(halfToFloat(0x0001)).toBeCloseTo(2 ** -24, 30);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
  });
});
