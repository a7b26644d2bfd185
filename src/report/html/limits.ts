/** How much the monthly report lists; the data gathered for it (monthly/reportData.ts) stops there too. */

/** Findings listed in the report; all of them are in the findings CSV. */
export const REPORT_FINDINGS = 500;
/** Records that changed owner listed in the report, each with its history. */
export const CHURN_ROWS = 100;
