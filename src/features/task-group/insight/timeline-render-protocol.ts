import type { Viewport } from './timeline-view';

export interface HoverInfo {
  row: number;
  taskId: string;
  name: string;
  state: string;
  runId: number;
  /** `waiting` or `running`. */
  phase: string;
  outcome: string;
  start: number;
  end: number;
  worker: string;
}

export interface VisibleRow {
  row: number;
  taskId: string;
  name: string;
  state: string;
  critical: boolean;
}

export type ToRender =
  | {
      type: 'init';
      canvas: OffscreenCanvas;
      layoutPort: MessagePort;
      width: number;
      height: number;
      dpr: number;
      dark: boolean;
    }
  /** A new layout source (the order changed). */
  | { type: 'layoutPort'; port: MessagePort }
  | { type: 'size'; width: number; height: number; dpr: number }
  | { type: 'theme'; dark: boolean }
  | { type: 'view'; view: Viewport }
  | { type: 'hover'; x: number; y: number; id: number }
  | { type: 'hover-end' };

export type FromRender =
  /** A frame with data was drawn (`segments` of them in view). */
  | { type: 'painted'; segments: number; ms: number; layoutVersion: number }
  | { type: 'layout'; rows: number; t0: number; t1: number; layoutVersion: number }
  | { type: 'hover'; id: number; info?: HoverInfo }
  | { type: 'visible'; first: number; total: number; rows: VisibleRow[] };

/** Height of the time axis above the rows (CSS px). */
export const AXIS_PX = 22;
