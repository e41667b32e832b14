import type { RuleDefinition } from '../ruleApi';
import { afterEnd } from './afterEnd';
import { capabilityMismatch } from './capabilityMismatch';
import { drift } from './drift';
import { duplicate } from './duplicate';
import { errorMessage } from './errorMessage';
import { gap } from './gap';
import { malformed } from './malformed';
import { stuck } from './stuck';
import { transcriptGap } from './transcriptGap';
import { unknownValue } from './unknownValue';

/** Every rule, in the catalogue's order. `no-effect` and `operation-failed` come with operations (issue 13). */
export const ALL_RULES: readonly RuleDefinition[] = [afterEnd, stuck, transcriptGap, capabilityMismatch, errorMessage, gap, drift, duplicate, malformed, unknownValue];
