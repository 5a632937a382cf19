/** A mistake in a merchant's template, located so that it can be fixed. */
export interface TemplateProblem {
  line: number;
  column?: number;
  /** The MJML element concerned, when there is one. */
  tag?: string;
  message: string;
}

export const formatProblem = (p: TemplateProblem) =>
  `line ${p.line}${p.column ? `, column ${p.column}` : ""}${p.tag ? ` (${p.tag})` : ""}: ${p.message}`;
