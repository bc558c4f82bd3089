/**
 * A text button for table rows (render functions), enabled by a verdict; when
 * refused, a tooltip says why. The row-sized sibling of ActionButton.vue.
 */
import { h } from 'vue';
import { NButton, NTooltip } from 'naive-ui';
import type { Verdict } from '../../src-shared/lifecycle/project-lifecycle';

export interface ActionLinkOptions {
  label: string;
  testid: string;
  verdict?: Verdict;
  onClick: () => void;
  loading?: boolean;
  type?: 'primary' | 'error' | 'warning';
}

export function actionLink(o: ActionLinkOptions) {
  const verdict = o.verdict ?? { allowed: true };
  const button = h(
    NButton,
    { size: 'small', text: true, type: o.type ?? 'primary', disabled: !verdict.allowed, loading: o.loading ?? false, 'data-testid': o.testid, onClick: o.onClick },
    () => o.label,
  );
  if (verdict.allowed || !verdict.reason) return button;
  return h(NTooltip, null, { trigger: () => h('span', [button]), default: () => `${o.label}: ${verdict.reason}.` });
}
