/**
 * `data-*` attributes (test ids, row ids) typed for the props that take
 * element attributes, such as naive-ui's input-props and row-props, whose
 * types do not list data attributes.
 */
import type { HTMLAttributes, InputHTMLAttributes } from 'vue';

export type ElementAttrs = HTMLAttributes & InputHTMLAttributes;

export function dataAttrs(attrs: Record<`data-${string}`, string>): ElementAttrs {
  return attrs as ElementAttrs;
}

/** Attributes for an input element carrying a test id. */
export function inputTestId(id: string, extra: Record<string, string> = {}): ElementAttrs {
  return { 'data-testid': id, ...extra } as ElementAttrs;
}
