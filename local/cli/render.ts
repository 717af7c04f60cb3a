/** Text renderings shared by the CLI and the demo: a stage bar and a readable timeline. */

/** The happy path's stages, in order, for the progress display. */
export const STAGES = ['received', 'in_review', 'awaiting_design_approval', 'procuring', 'building', 'in_qc', 'shipping', 'delivered'] as const;

const SIDE_STAGES: Record<string, (typeof STAGES)[number]> = { design_revision: 'awaiting_design_approval', rework: 'building' };

/** `[■■■■□□□□]`: how far along the happy path an order is. */
export function stageBar(status: string): string {
  const index = STAGES.indexOf((SIDE_STAGES[status] ?? status) as (typeof STAGES)[number]);
  const done = index < 0 ? 0 : index + 1;
  return `[${'#'.repeat(done)}${'.'.repeat(STAGES.length - done)}]`;
}

export function renderTimeline(entries: readonly Record<string, unknown>[]): string {
  return entries
    .map((entry) => {
      const actor = entry.actor as { kind?: string; id?: string; displayName?: string } | undefined;
      const who = actor === undefined ? '' : `${actor.displayName ?? actor.id ?? ''} (${actor.kind ?? ''})`;
      const at = typeof entry.at === 'string' ? entry.at.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z') : '';
      const reason = typeof entry.reason === 'string' ? `  -- ${entry.reason}` : '';
      return `${at}  ${String(entry.type).padEnd(28)} ${String(entry.summary)}  [${who}]${reason}`;
    })
    .join('\n');
}
