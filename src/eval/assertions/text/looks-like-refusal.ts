// Phrases models use to decline, in English and French; matched near the start of the answer.
const REFUSAL =
  /\b(?:i['’]?m sorry,? but|i am sorry,? but|i apologi[sz]e,? but|i (?:can(?:not|['’]t)|won['’]t|am unable to|['’]m unable to|am not able to|['’]m not able to|must decline to|will not) (?:help|assist|provide|comply|do that|fulfil|fulfill|answer|create|generate|write|share|support|engage|grade|evaluate)|as an ai(?: language model)?,? i|against my (?:guidelines|policies|programming)|je ne peux pas|je ne suis pas en mesure de|(?:je suis )?désolée?,? mais je ne)/i;

/** Whether a text reads as a refusal to answer; an empty answer counts as one. */
export function looksLikeRefusal(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length === 0) return true;
  // Only the opening matters: a long answer quoting "I cannot help" deep inside is not a refusal.
  return REFUSAL.test(trimmed.slice(0, 400));
}
