/** The cells a method card can describe (the grid's columns), kept apart from MethodCard.tsx so that KaTeX loads only with a card. */
import { PRESETS } from '../../../core/cells/presets';
import type { Column, SlotState } from '../../store';

export interface CardCell {
  slot: string;
  title: string;
  arch: string;
  T: number;
  width: number;
}

/** The cells a card can describe: the grid's columns (a column still loading: its preset at MAJ T = 12). */
export function cardCells(columns: Column[], slots: Record<string, SlotState>, titles: Record<string, string>): CardCell[] {
  return columns.flatMap((c) => {
    const m = slots[c.slot]?.summary;
    const arch = m?.arch ?? (c.preset ? PRESETS[c.preset].arch : null);
    return arch ? [{ slot: c.slot, title: titles[c.slot] ?? arch, arch, T: m?.T ?? 12, width: m?.width ?? 84 }] : [];
  });
}
