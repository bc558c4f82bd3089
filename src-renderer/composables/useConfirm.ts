/**
 * Asks before a destructive action. Resolves true when the user confirms.
 * The dialog's buttons carry data-testids (`confirm-ok`, `confirm-cancel`).
 */
import { useDialog } from 'naive-ui';
import type { ButtonProps } from 'naive-ui';

export interface ConfirmOptions {
  title: string;
  content: string;
  positiveText?: string;
  /** Red styling for actions that cannot be undone. */
  danger?: boolean;
}

function testid(id: string): ButtonProps {
  // Extra attributes fall through to the button element.
  return { 'data-testid': id } as unknown as ButtonProps;
}

export function useConfirm() {
  const dialog = useDialog();
  return function confirm(options: ConfirmOptions): Promise<boolean> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (value: boolean) => {
        if (!settled) resolve(value);
        settled = true;
      };
      const create = options.danger ? dialog.error : dialog.warning;
      create({
        title: options.title,
        content: options.content,
        positiveText: options.positiveText ?? 'OK',
        negativeText: 'Cancel',
        positiveButtonProps: testid('confirm-ok'),
        negativeButtonProps: testid('confirm-cancel'),
        onPositiveClick: () => settle(true),
        onNegativeClick: () => settle(false),
        onClose: () => settle(false),
        onMaskClick: () => settle(false),
        onAfterLeave: () => settle(false),
      });
    });
  };
}
