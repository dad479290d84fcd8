/**
 * Acting on the files to remove, safely: {@link doppel.act.ActionPlanner} plans moves and deletions (with
 * annotation sidecars), {@link doppel.act.ActionRunner} carries a plan out behind a journal,
 * {@link doppel.act.Undo} and {@link doppel.act.Purge} read journals back, {@link doppel.act.PlanFile} is the
 * plan file of {@code find --plan-out} and {@code apply}, {@link doppel.act.MergePlanner} plans
 * {@code merge-datasets}.
 */
package doppel.act;
