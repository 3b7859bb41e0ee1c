// Content-Security-Policy sources for the widget, to merge into helmet's directives.
import type { WidgetSource } from './widget-src.js';
import type { UseResponseCspDirectives } from '../core/types.js';

/** The widget's origin in every directive the SDK needs; empty lists when there is no widgetSrc. */
export function cspDirectivesFor(widget: WidgetSource | undefined): UseResponseCspDirectives {
  const origin = widget === undefined ? [] : [new URL(widget.src).origin];
  return {
    scriptSrc: [...origin],
    connectSrc: [...origin],
    frameSrc: [...origin],
    imgSrc: [...origin],
    styleSrc: [...origin],
  };
}
