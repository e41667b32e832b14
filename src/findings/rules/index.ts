import type { RuleDefinition } from '../ruleApi';
import { afterEnd } from './afterEnd';
import { capabilityMismatch } from './capabilityMismatch';
import { drift } from './drift';
import { duplicate } from './duplicate';
import { errorMessage } from './errorMessage';
import { gap } from './gap';
import { late } from './late';
import { malformed } from './malformed';
import { noEffect, operationFailed } from './operationOutcomes';
import { stuck } from './stuck';
import { transcriptGap } from './transcriptGap';
import { unknownValue } from './unknownValue';

/** Every rule, in the catalogue's order. */
export const ALL_RULES: readonly RuleDefinition[] = [noEffect, operationFailed, afterEnd, stuck, transcriptGap, capabilityMismatch, errorMessage, gap, drift, duplicate, malformed, unknownValue, late];
