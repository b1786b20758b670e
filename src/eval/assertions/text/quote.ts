/** A value shown in a reason: JSON-quoted and cut to `max` characters, so reasons stay short. */
export function quote(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
