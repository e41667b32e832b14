import { lastPathSegment } from '../../model/indexFacts';
import { isObject, own } from '../../util/jsonObject';
import { RowFacts, type RuleDefinition } from '../ruleApi';

/**
 * `error-message`: every ErrorMessage, naming the device and call it refers to (`deviceUri`,
 * `callUri` in any letter case, as classify reads them) and its text. Real GWS sends some with no
 * `errorMessage` at all; the finding says so. The names come from the payload: ErrorMessages are
 * rare, so reading each one is cheap.
 */

/** The property `key` in any letter case (the docs write `calluri`). */
function anyCase(obj: Record<string, unknown>, key: string): unknown {
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** The finding text for an ErrorMessage payload, and the call or device it is best filed under. */
export function describeError(data: unknown): { text: string; call?: string; device?: string } {
  const d = isObject(data) ? data : {};
  const device = lastPathSegment(anyCase(d, 'deviceUri'));
  const call = lastPathSegment(anyCase(d, 'callUri'));
  const about = [device !== undefined ? `device ${device}` : undefined, call !== undefined ? `call ${call}` : undefined].filter(Boolean).join(' and ');
  const raw = own(d, 'errorMessage');
  const code = own(d, 'errorCode');
  const where = about ? ` about ${about}` : ' naming no device or call';
  const codeText = typeof code === 'string' || typeof code === 'number' ? ` (code ${code})` : '';
  const text = typeof raw === 'string' && raw.trim() !== '' ? `ErrorMessage${where}: ${raw}${codeText}` : `ErrorMessage${where} with no error text${codeText} (real GWS sends these)`;
  return { text, call, device };
}

export const errorMessage: RuleDefinition = {
  id: 'error-message',
  create(ctx) {
    const f = new RowFacts(ctx.columns, ctx.tracker);
    let errorType = -1;
    /** The size of the columns' string table when 'ErrorMessage' was last looked up: only a new string can be it. */
    let lookedAt = -1;
    return {
      row(row) {
        if (errorType < 0 && ctx.columns.strings.size !== lookedAt) {
          lookedAt = ctx.columns.strings.size;
          errorType = f.idOf('ErrorMessage');
        }
        if (errorType < 0 || f.typeId(row) !== errorType || !f.isMessage(row)) return;
        const own = ctx.columns.primaryAt(row);
        ctx.read([row], ([record]) => {
          const { text, call, device } = describeError(record?.kind === 'message' ? record.data : undefined);
          const resource = call !== undefined ? { kind: 'call' as const, id: call } : device !== undefined ? { kind: 'device' as const, id: device } : own;
          ctx.emit({ resource, row, message: record ? text : 'ErrorMessage (its record could not be read back)' });
        });
      },
    };
  },
};
