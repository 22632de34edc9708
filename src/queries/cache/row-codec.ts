/**
 * The compact rows of a task group as one ArrayBuffer, the form the revisit cache stores.
 * Columns, not objects: numbers in typed arrays, repeated strings (task queues, kinds, projects)
 * in a dictionary, and the task IDs, the names and the dependencies each in one UTF-8 text. A
 * 50,000-task group takes ~8 MB, and its size in storage is exactly the buffer's byteLength,
 * which the LRU budget counts.
 *
 * Two readers: `decodeRows` makes plain objects (a page of 1,000 rows from the loader), and
 * `readRows` makes rows that read their columns when asked (a whole cached group: building
 * 50,000 objects with their strings, on the main thread, cost more than the rest of a revisit).
 */
import type { TaskPriority, TaskState } from '../../api';
import { emptyCounts, lowerCase, type GroupRow, type StateCounts } from '../task-group/group-rows';

/** Bumped whenever the layout changes: older entries then read as misses. */
export const CODEC_VERSION = 2;

const HEADER_WORDS = 8;
/** Per-row integer columns, in this order. */
const INT_COLS = 11;
const [STATE, RUNS, QUEUE, KIND, PROJECT, SCHEDULER, PRIORITY, FLAGS, ID_LEN, NAME_LEN, DEPS] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
] as const;
/** Per-row float columns (ms times; NaN when absent). */
const FLOAT_COLS = 3;
const FLAG_ALL_RESOLVED = 1;
/** Header flags: that text is a JSON string literal (it holds lone surrogates). */
const IDS_JSON = 1;
const NAMES_JSON = 2;
const DEPS_JSON = 4;
/** After each name in the names text: the text is then the search index of the names as is. */
const NAME_END = '\u0000';
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
  const ids: string[] = [];
  const names: string[] = [];
  const deps: string[] = [];
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
    ids.push(r.taskId);
    names.push(r.name, NAME_END);
    for (const d of r.dependencies ?? []) {
      depLens.push(d.length);
      deps.push(d);
    }
    const f = i * FLOAT_COLS;
    floats[f] = r.started ?? NaN;
    floats[f + 1] = r.resolved ?? NaN;
    floats[f + 2] = r.deadline ?? NaN;
  }
  const encoder = new TextEncoder();
  const dictBytes = encoder.encode(JSON.stringify(dict));
  // UTF-8 cannot carry a lone surrogate (a hostile name can hold one): such a text goes as JSON,
  // whose escapes keep it exactly. Lengths are in UTF-16 units either way.
  const text = (parts: string[], flag: number) => {
    const joined = parts.join('');
    const escaped = LONE_SURROGATE.test(joined);
    return {
      bytes: encoder.encode(escaped ? JSON.stringify(joined) : joined),
      flag: escaped ? flag : 0,
    };
  };
  const idText = text(ids, IDS_JSON);
  const nameText = text(names, NAMES_JSON);
  const depText = text(deps, DEPS_JSON);

  const floatsAt = align8(HEADER_WORDS * 4);
  const intsAt = floatsAt + floats.byteLength;
  const depsAt = intsAt + ints.byteLength;
  const dictAt = depsAt + depLens.length * 4;
  const idsAt = dictAt + dictBytes.byteLength;
  const namesAt = idsAt + idText.bytes.byteLength;
  const depTextAt = namesAt + nameText.bytes.byteLength;
  const buffer = new ArrayBuffer(depTextAt + depText.bytes.byteLength);
  new Uint32Array(buffer, 0, HEADER_WORDS).set([
    CODEC_VERSION,
    n,
    depLens.length,
    dictBytes.byteLength,
    idText.bytes.byteLength,
    nameText.bytes.byteLength,
    depText.bytes.byteLength,
    idText.flag | nameText.flag | depText.flag,
  ]);
  new Float64Array(buffer, floatsAt, floats.length).set(floats);
  new Uint32Array(buffer, intsAt, ints.length).set(ints);
  new Uint32Array(buffer, depsAt, depLens.length).set(depLens);
  new Uint8Array(buffer, dictAt, dictBytes.byteLength).set(dictBytes);
  new Uint8Array(buffer, idsAt, idText.bytes.byteLength).set(idText.bytes);
  new Uint8Array(buffer, namesAt, nameText.bytes.byteLength).set(nameText.bytes);
  new Uint8Array(buffer, depTextAt, depText.bytes.byteLength).set(depText.bytes);
  return buffer;
}

/** The columns of an encoded buffer, shared by the rows that `readRows` returns. */
interface Columns {
  n: number;
  ints: Uint32Array;
  floats: Float64Array;
  dict: string[];
  ids: string;
  names: string;
  deps: string;
  /** Where row i's task ID starts in `ids` (n + 1 entries). */
  idAt: Uint32Array;
  /** Where row i's name starts in `names` (n + 1 entries, each name followed by NAME_END). */
  nameAt: Uint32Array;
  /** Row i's first dependency (n + 1 entries), an index into `depAt`. */
  depFirst: Uint32Array;
  /** Where dependency k starts in `deps` (one more entry than dependencies). */
  depAt: Uint32Array;
  /** The names text holds only ASCII: lower-casing it whole lower-cases each name alone. */
  ascii: boolean;
}

function columns(buffer: ArrayBuffer): Columns {
  if (buffer.byteLength < HEADER_WORDS * 4) throw new CodecError('too short');
  const [version, n, depCount, dictLength, idsLength, namesLength, depTextLength, textFlags] =
    new Uint32Array(buffer, 0, HEADER_WORDS) as unknown as number[];
  if (version !== CODEC_VERSION) throw new CodecError(`version ${version}`);
  const floatsAt = align8(HEADER_WORDS * 4);
  const intsAt = floatsAt + FLOAT_COLS * n! * 8;
  const depsAt = intsAt + INT_COLS * n! * 4;
  const dictAt = depsAt + depCount! * 4;
  const idsAt = dictAt + dictLength!;
  const namesAt = idsAt + idsLength!;
  const depTextAt = namesAt + namesLength!;
  if (depTextAt + depTextLength! !== buffer.byteLength) throw new CodecError('length mismatch');
  const floats = new Float64Array(buffer, floatsAt, FLOAT_COLS * n!);
  const ints = new Uint32Array(buffer, intsAt, INT_COLS * n!);
  const depLens = new Uint32Array(buffer, depsAt, depCount!);
  const decoder = new TextDecoder();
  const text = (at: number, length: number, flag: number) => {
    const raw = decoder.decode(new Uint8Array(buffer, at, length));
    return textFlags! & flag ? (JSON.parse(raw) as string) : raw;
  };
  const dict = JSON.parse(decoder.decode(new Uint8Array(buffer, dictAt, dictLength))) as string[];
  const ids = text(idsAt, idsLength!, IDS_JSON);
  const names = text(namesAt, namesLength!, NAMES_JSON);
  const deps = text(depTextAt, depTextLength!, DEPS_JSON);
  const idAt = new Uint32Array(n! + 1);
  const nameAt = new Uint32Array(n! + 1);
  const depFirst = new Uint32Array(n! + 1);
  const depAt = new Uint32Array(depCount! + 1);
  for (let k = 0; k < depCount!; k++) depAt[k + 1] = depAt[k]! + depLens[k]!;
  // One pass checks what a row will read: its references, and that the lengths add up.
  for (let i = 0; i < n!; i++) {
    const at = i * INT_COLS;
    const d = dict.length;
    // References are index + 1 (0: absent); state, queue and kind are never absent.
    if (
      (ints[at + STATE]! - 1) >>> 0 >= d ||
      (ints[at + QUEUE]! - 1) >>> 0 >= d ||
      (ints[at + KIND]! - 1) >>> 0 >= d ||
      ints[at + PROJECT]! > d ||
      ints[at + SCHEDULER]! > d ||
      ints[at + PRIORITY]! > d
    )
      throw new CodecError(`row ${i} is damaged`);
    idAt[i + 1] = idAt[i]! + ints[at + ID_LEN]!;
    nameAt[i + 1] = nameAt[i]! + ints[at + NAME_LEN]! + NAME_END.length;
    depFirst[i + 1] = depFirst[i]! + ints[at + DEPS]!;
  }
  if (
    idAt[n!] !== ids.length ||
    nameAt[n!] !== names.length ||
    depFirst[n!] !== depCount ||
    depAt[depCount!] !== deps.length
  )
    throw new CodecError('text length mismatch');
  // A UTF-8 text as long in bytes as in UTF-16 units is ASCII.
  const ascii = !(textFlags! & NAMES_JSON) && namesLength === names.length;
  return { n: n!, ints, floats, dict, ids, names, deps, idAt, nameAt, depFirst, depAt, ascii };
}

const word = (c: Columns, ref: number) => (ref === 0 ? undefined : c.dict[ref - 1]);
const time = (v: number) => (Number.isNaN(v) ? undefined : v);

/**
 * A row that reads its fields from the columns when asked: making one costs an object with two
 * references, whatever the row holds. Its strings are cut out of the texts once, on first use.
 */
class StoredRow implements GroupRow {
  private id?: string;
  private text?: string;
  private lower?: string;
  constructor(
    private readonly c: Columns,
    private readonly i: number,
  ) {}
  private int(col: number) {
    return this.c.ints[this.i * INT_COLS + col]!;
  }
  private float(col: number) {
    return time(this.c.floats[this.i * FLOAT_COLS + col]!);
  }
  get taskId(): string {
    return (this.id ??= this.c.ids.slice(this.c.idAt[this.i], this.c.idAt[this.i + 1]));
  }
  get name(): string {
    return (this.text ??= this.c.names.slice(
      this.c.nameAt[this.i],
      this.c.nameAt[this.i + 1]! - NAME_END.length,
    ));
  }
  get search(): string {
    return (this.lower ??= lowerCase(this.name));
  }
  get state(): TaskState {
    return word(this.c, this.int(STATE)) as TaskState;
  }
  get runs(): number {
    return this.int(RUNS);
  }
  get taskQueueId(): string {
    return word(this.c, this.int(QUEUE))!;
  }
  get kind(): string {
    return word(this.c, this.int(KIND))!;
  }
  get started(): number | undefined {
    return this.float(0);
  }
  get resolved(): number | undefined {
    return this.float(1);
  }
  get deadline(): number | undefined {
    return this.float(2);
  }
  get projectId(): string | undefined {
    return word(this.c, this.int(PROJECT));
  }
  get schedulerId(): string | undefined {
    return word(this.c, this.int(SCHEDULER));
  }
  get priority(): TaskPriority | undefined {
    return word(this.c, this.int(PRIORITY)) as TaskPriority | undefined;
  }
  get dependencies(): string[] | undefined {
    const { depFirst, depAt, deps } = this.c;
    const first = depFirst[this.i]!;
    const count = depFirst[this.i + 1]! - first;
    if (count === 0) return undefined;
    const out = new Array<string>(count);
    for (let k = 0; k < count; k++) out[k] = deps.slice(depAt[first + k], depAt[first + k + 1]);
    return out;
  }
  get requires(): 'all-resolved' | undefined {
    return this.int(FLAGS) & FLAG_ALL_RESOLVED ? 'all-resolved' : undefined;
  }
}

/** A row as a plain object: every field read once (a StoredRow's fields are not its own). */
export function toPlainRow(r: GroupRow): GroupRow {
  return {
    taskId: r.taskId,
    name: r.name,
    search: r.search,
    state: r.state,
    runs: r.runs,
    taskQueueId: r.taskQueueId,
    kind: r.kind,
    started: r.started,
    resolved: r.resolved,
    projectId: r.projectId,
    schedulerId: r.schedulerId,
    priority: r.priority,
    deadline: r.deadline,
    dependencies: r.dependencies,
    requires: r.requires,
  };
}

/** What `readRows` gives: the rows, with what a view needs of all of them at once. */
export interface StoredRows {
  rows: GroupRow[];
  /** Rows per state, counted from the state column. */
  counts: StateCounts;
  /**
   * The lower-cased names in the search index's form (see search-index.ts), when the names
   * allowed lower-casing them whole (ASCII); otherwise the index is built from the rows.
   */
  search?: { text: string; starts: Int32Array };
}

/**
 * The rows encoded in `buffer`, each reading its fields from the buffer's columns when asked
 * (see StoredRow); throws CodecError for another version or a damaged buffer.
 */
export function readRows(buffer: ArrayBuffer): StoredRows {
  const c = columns(buffer);
  const rows = new Array<GroupRow>(c.n);
  for (let i = 0; i < c.n; i++) rows[i] = new StoredRow(c, i);
  const byRef = new Uint32Array(c.dict.length + 1);
  for (let i = 0; i < c.n; i++) byRef[c.ints[i * INT_COLS + STATE]!]!++;
  const counts = emptyCounts();
  for (let ref = 1; ref < byRef.length; ref++) {
    const state = c.dict[ref - 1] as TaskState;
    if (byRef[ref] && state in counts) counts[state] += byRef[ref]!;
  }
  const starts = c.ascii ? Int32Array.from(c.nameAt.subarray(0, c.n)) : undefined;
  return {
    rows,
    counts,
    search: starts && { text: c.names.toLowerCase(), starts },
  };
}

/** The rows encoded in `buffer` as plain objects; throws CodecError as `readRows` does. */
export function decodeRows(buffer: ArrayBuffer): GroupRow[] {
  return readRows(buffer).rows.map(toPlainRow);
}
