/**
 * At most one call per `ms`, the last one always made: progress events may
 * arrive twice a second per project, and each would otherwise cost a reload.
 */
export function throttle(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    last = Date.now();
    fn();
  };
  const throttled = () => {
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) fire();
    else timer = setTimeout(fire, wait);
  };
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return Object.assign(throttled, { cancel });
}
