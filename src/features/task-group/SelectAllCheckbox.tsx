import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Selection } from '../../queries/bulk/selection';
import classes from './TaskGroup.module.css';

export interface SelectAllCheckboxProps {
  selection: Selection;
  /** Every task matching the current filters and search, not only the rendered rows. */
  view: Int32Array;
}

/** Selects every task of the current filter and search, or deselects them when all are. */
export function SelectAllCheckbox({ selection, view }: SelectAllCheckboxProps) {
  const ref = useRef<HTMLInputElement>(null);
  useSyncExternalStore(selection.subscribe, selection.getVersion);
  const inView = selection.countIn(view);
  const all = view.length > 0 && inView === view.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = inView > 0 && !all;
  }, [inView, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className={classes.check}
      checked={all}
      disabled={view.length === 0}
      aria-label={`Select all ${view.length} matching`}
      data-testid="select-all"
      onChange={() => selection.setView(view, !all)}
    />
  );
}
