import type { LaneMark } from '../../src/lanesProtocol';

/**
 * The lanes' colours, all from the theme: VS Code's chart colours (`--vscode-charts-*`) read with
 * getComputedStyle, so light, dark and high-contrast themes each draw in their own palette. A state
 * GWS names keeps its colour everywhere (Ringing is always the alerting one); other states take
 * one of the rest by a hash of their name, so the same state looks the same in every lane and run.
 */

type ChartColor = 'red' | 'blue' | 'yellow' | 'orange' | 'green' | 'purple';

/** States GWS reports whose meaning a colour can carry. */
const KNOWN: Record<string, ChartColor | 'grey'> = {
  Dialing: 'yellow', Ringing: 'yellow', Invited: 'yellow', Alerting: 'yellow',
  Established: 'green', Chatting: 'green', Ready: 'green', Talking: 'green',
  Held: 'orange', NotReady: 'orange', AfterCallWork: 'orange', Consult: 'orange',
  Released: 'grey', Completed: 'grey', LoggedOut: 'grey', Idle: 'grey',
  Error: 'red', Failed: 'red', OutOfService: 'red',
};
const OTHERS: readonly ChartColor[] = ['blue', 'purple'];

/** What a frame needs beyond the state colours: text, grid, selection, marks. */
export interface LanePalette {
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  selection: string;
  focus: string;
  tone: Record<LaneMark['tone'], string>;
}

/** The palette now; call again when the theme changes. */
export class LaneColors {
  private vars = new Map<string, string>();
  private byState = new Map<string, string>();
  palette: LanePalette;

  constructor(private readonly root: Element = document.body) {
    this.palette = this.read();
  }

  /** Reads the theme's variables again (the body's class or style changed). */
  refresh(): void {
    this.vars.clear();
    this.byState.clear();
    this.palette = this.read();
  }

  /** The fill of `state`. */
  state(state: string): string {
    let color = this.byState.get(state);
    if (color === undefined) {
      const known = Object.prototype.hasOwnProperty.call(KNOWN, state) ? KNOWN[state] : OTHERS[hash(state) % OTHERS.length];
      color = known === 'grey' ? this.css('--vscode-disabledForeground', this.palette.muted) : this.css(`--vscode-charts-${known}`, this.palette.foreground);
      this.byState.set(state, color);
    }
    return color;
  }

  private read(): LanePalette {
    const fg = this.css('--vscode-foreground', '#888888');
    const muted = this.css('--vscode-descriptionForeground', fg);
    return {
      background: this.css('--vscode-editor-background', 'transparent'),
      foreground: fg,
      muted,
      grid: this.css('--vscode-panel-border', muted),
      selection: this.css('--vscode-focusBorder', fg),
      focus: this.css('--vscode-editorCursor-foreground', fg),
      tone: {
        ok: this.css('--vscode-charts-green', fg),
        pending: this.css('--vscode-charts-blue', fg),
        error: this.css('--vscode-errorForeground', this.css('--vscode-charts-red', fg)),
        warning: this.css('--vscode-editorWarning-foreground', this.css('--vscode-charts-orange', fg)),
        info: this.css('--vscode-editorInfo-foreground', this.css('--vscode-charts-blue', fg)),
      },
    };
  }

  private css(name: string, fallback: string): string {
    let v = this.vars.get(name);
    if (v === undefined) this.vars.set(name, (v = getComputedStyle(this.root).getPropertyValue(name).trim()));
    return v || fallback;
  }
}

/** FNV-1a over the UTF-16 units: a stable small hash. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
