/**
 * Brings the first problem of a form into view: a field's error under it
 * (naive-ui's feedback) or a list of messages (FieldIssues.vue), whichever
 * comes first on the page.
 */
const ISSUE = '.n-form-item-feedback--error, .field-issues';

export function scrollToFirstIssue(root: HTMLElement | null): void {
  const issue = root?.querySelector(ISSUE);
  const field = issue?.closest('.n-form-item') ?? issue;
  field?.scrollIntoView({ behavior: 'smooth', block: 'center' });
}
