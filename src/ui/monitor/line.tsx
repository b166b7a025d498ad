/**
 * One dashboard row. Every section is built from these so that a section's height is its number of
 * lines: text past the terminal's width is cut with `…`, never wrapped onto a row the layout did not
 * count.
 */
import type { ReactElement, ReactNode } from 'react';
import { Text, type TextProps } from 'ink';

export type Line = ReactElement;

export function line(key: string, content: ReactNode, style: Omit<TextProps, 'wrap' | 'children'> = {}): Line {
  return (
    <Text key={key} wrap="truncate-end" {...style}>
      {content}
    </Text>
  );
}

/** What every section builder needs to know about the screen. */
export interface LayoutContext {
  readonly columns: number;
  readonly nowMs: number;
}
