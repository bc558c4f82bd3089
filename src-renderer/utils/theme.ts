/**
 * The app's changes to naive-ui's light and dark themes. A disabled button
 * looks the same whatever its type: no fill, the theme's plain text and
 * border colours, dimmed. naive-ui only dims a disabled primary or error
 * button, which then still reads as the page's main action.
 */
import type { GlobalThemeOverrides } from 'naive-ui';
import { darkTheme, lightTheme } from 'naive-ui';

const BUTTON_TYPES = ['', 'Primary', 'Info', 'Success', 'Warning', 'Error'] as const;

export function themeOverrides(dark: boolean): GlobalThemeOverrides {
  const { textColor2, borderColor } = (dark ? darkTheme : lightTheme).common;
  const button: Record<string, string> = {};
  for (const type of BUTTON_TYPES) {
    button[`colorDisabled${type}`] = '#0000';
    button[`textColorDisabled${type}`] = textColor2;
    button[`textColorGhostDisabled${type}`] = textColor2;
    button[`textColorTextDisabled${type}`] = textColor2;
    button[`borderDisabled${type}`] = `1px solid ${borderColor}`;
  }
  return { common: { borderRadius: '4px' }, Button: button };
}
