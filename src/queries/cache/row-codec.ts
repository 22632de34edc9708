/**
 * The compact rows of a task group as one ArrayBuffer, the form the revisit cache stores.
 * Columns, not objects: numbers in typed arrays, repeated strings (task queues, kinds, projects)
 * in a dictionary, and every other string in one UTF-8 text. A 50,000-task group takes ~6 MB,
 * and its size in storage is exactly the buffer's byteLength, which the LRU budget counts.
 */
import type { TaskPriority, TaskState } from '../../api';
import { lowerCase, type GroupRow } from '../task-group/group-rows';

/** Bumped whenever the layout changes: older entries then read as misses. */
export const CODEC_VERSION = 1;

const HEADER_WORDS = 6;
/** Per-row integer columns, in this order. */
const INT_COLS = 11;
const [STATE, RUNS, QUEUE, KIND, PROJECT, SCHEDULER, PRIORITY, FLAGS, ID_LEN, NAME_LEN, DEPS] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
] as const;
/** Per-row float columns (ms times; NaN when absent). */
const FLOAT_COLS = 3;
const FLAG_ALL_RESOLVED = 1;
/** Header flag: the text is a JSON string literal (it holds lone surrogates). */
const TEXT_JSON = 1;
const LONE_SURROGATE = /\p{Cs}/u;

const align8 = (n: number) => (n + 7) & ~7;

export class CodecError extends Error {}

/** Encodes rows (see decodeRows). */
export function encodeRows(rows: readonly GroupRow[]): ArrayBuffer {
  const n = rows.length;
  const dict: string[] = [];
  const dictIndex = new Map<string, number>();
  // 0 stands for "absent", so dictionary references are index + 1.
  const ref = (value: string | undefined) => {
    if (value === undefined) return 0;
    let i = dictIndex.get(value);
    if (i === undefined) {
      i = dict.length;
      dict.push(value);
      dictIndex.set(value, i);
    }
    return i + 1;
  };
  const ints = new Uint32Array(INT_COLS * n);
  const floats = new Float64Array(FLOAT_COLS * n);
  const depLens: number[] = [];
  const text: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const at = i * INT_COLS;
    ints[at + STATE] = ref(r.state);
    ints[at + RUNS] = r.runs;
    ints[at + QUEUE] = ref(r.taskQueueId);
    ints[at + KIND] = ref(r.kind);
    ints[at + PROJECT] = ref(r.projectId);
    ints[at + SCHEDULER] = ref(r.schedulerId);
    ints[at + PRIORITY] = ref(r.priority);
    ints[at + FLAGS] = r.requires === 'all-resolved' ? FLAG_ALL_RESOLVED : 0;
    ints[at + ID_LEN] = r.taskId.length;
    ints[at + NAME_LEN] = r.name.length;
    ints[at + DEPS] = r.dependencies?.length ?? 0;
    text.push(r.taskId, r.name);
    for (const d of r.dependencies ?? []) {
      depLens.push(d.length);
      text.push(d);
    }
    const f = i * FLOAT_COLS;
    floats[f] = r.started ?? NaN;
    floats[f + 1] = r.resolved ?? NaN;
    floats[f + 2] = r.deadline ?? NaN;
  }
  const encoder = new TextEncoder();
  const dictBytes = encoder.encode(JSON.stringify(dict));
  const joined = text.join('');
  // UTF-8 cannot carry a lone surrogate (a hostile name can hold one): such text goes as JSON,
  // whose escapes keep it exactly. Lengths are in UTF-16 units either way.
  const escaped = LONE_SURROGATE.test(joined);
  const textBytes = encoder.encode(escaped ? JSON.stringify(joined) : joined);

  const floatsAt = align8(HEADER_WORDS * 4);
  const intsAt = floatsAt + floats.byteLength;
  const depsAt = intsAt + ints.byteLength;
  const dictAt = depsAt + depLens.length * 4;
  const textAt = dictAt + dictBytes.byteLength;
  const buffer = new ArrayBuffer(textAt + textBytes.byteLength);
  new Uint32Array(buffer, 0, HEADER_WORDS).set([
    CODEC_VERSION,
    n,
    depLens.length,
    dictBytes.byteLength,
    textBytes.byteLength,
    escaped ? TEXT_JSON : 0,
  ]);
  new Float64Array(buffer, floatsAt, floats.length).set(floats);
  new Uint32Array(buffer, intsAt, ints.length).set(ints);
  new Uint32Array(buffer, depsAt, depLens.length).set(depLens);
  new Uint8Array(buffer, dictAt, dictBytes.byteLength).set(dictBytes);
  new Uint8Array(buffer, textAt, textBytes.byteLength).set(textBytes);
  return buffer;
}

/** The rows encoded in `buffer`; throws CodecError for another version or a damaged buffer. */
export function decodeRows(buffer: ArrayBuffer): GroupRow[] {
  if (buffer.byteLength < HEADER_WORDS * 4) throw new CodecError('too short');
  const [version, n, depCount, dictLength, textLength, textFlags] = new Uint32Array(
    buffer,
    0,
    HEADER_WORDS,
  );
  if (version !== CODEC_VERSION) throw new CodecError(`version ${version}`);
  const floatsAt = align8(HEADER_WORDS * 4);
  const intsAt = floatsAt + FLOAT_COLS * n! * 8;
  const depsAt = intsAt + INT_COLS * n! * 4;
  const dictAt = depsAt + depCount! * 4;
  const textAt = dictAt + dictLength!;
  if (textAt + textLength! !== buffer.byteLength) throw new CodecError('length mismatch');
  const floats = new Float64Array(buffer, floatsAt, FLOAT_COLS * n!);
  const ints = new Uint32Array(buffer, intsAt, INT_COLS * n!);
  const depLens = new Uint32Array(buffer, depsAt, depCount!);
  const decoder = new TextDecoder();
  const dict = JSON.parse(decoder.decode(new Uint8Array(buffer, dictAt, dictLength))) as string[];
  const rawText = decoder.decode(new Uint8Array(buffer, textAt, textLength));
  const text = textFlags! & TEXT_JSON ? (JSON.parse(rawText) as string) : rawText;
  const word = (ref: number) => (ref === 0 ? undefined : dict[ref - 1]);
  const time = (v: number) => (Number.isNaN(v) ? undefined : v);

  const rows = new Array<GroupRow>(n!);
  let pos = 0;
  let dep = 0;
  for (let i = 0; i < n!; i++) {
    const at = i * INT_COLS;
    const taskId = text.slice(pos, (pos += ints[at + ID_LEN]!));
    const name = text.slice(pos, (pos += ints[at + NAME_LEN]!));
    const deps = ints[at + DEPS]!;
    let dependencies: string[] | undefined;
    if (deps > 0) {
      dependencies = new Array<string>(deps);
      for (let k = 0; k < deps; k++) dependencies[k] = text.slice(pos, (pos += depLens[dep++]!));
    }
    const state = word(ints[at + STATE]!);
    const taskQueueId = word(ints[at + QUEUE]!);
    const kind = word(ints[at + KIND]!);
    if (state === undefined || taskQueueId === undefined || kind === undefined)
      throw new CodecError(`row ${i} is damaged`);
    const f = i * FLOAT_COLS;
    rows[i] = {
      taskId,
      name,
      search: lowerCase(name),
      state: state as TaskState,
      runs: ints[at + RUNS]!,
      taskQueueId,
      kind,
      started: time(floats[f]!),
      resolved: time(floats[f + 1]!),
      projectId: word(ints[at + PROJECT]!),
      schedulerId: word(ints[at + SCHEDULER]!),
      priority: word(ints[at + PRIORITY]!) as TaskPriority | undefined,
      deadline: time(floats[f + 2]!),
      dependencies,
      requires: ints[at + FLAGS]! & FLAG_ALL_RESOLVED ? 'all-resolved' : undefined,
    };
  }
  if (pos !== text.length) throw new CodecError('text length mismatch');
  return rows;
}
