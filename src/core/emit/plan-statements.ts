/** A plan's statements in order, each hazardous one preceded by a comment naming its hazard. */
import type { Plan, Statement } from '../model/plan.js';

export const planStatements = (plan: Plan): Statement[] =>
  plan.steps.flatMap((step) =>
    step.statements.map((s, i) => {
      if (i > 0 || step.hazards.length === 0) return s;
      const notes = step.hazards.map((h) => `-- ${h.type}: ${h.message.replace(/\s+/g, ' ')}`).join('\n');
      return { ...s, sql: `${notes}\n${s.sql}` };
    }));

export const planHazardTypes = (plan: Plan): string[] => [...new Set(plan.steps.flatMap((s) => s.hazards.map((h) => h.type)))].sort();
