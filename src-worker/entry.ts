/** Worker process entry: one unit per process, driven by the host over the parent channel. */

import { openChannel } from './runtime/channel';
import { hostUnit } from './runtime/unit-host';
import { units } from './units';

hostUnit(openChannel(), units);
