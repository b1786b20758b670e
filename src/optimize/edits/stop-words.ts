/**
 * Words a paraphrase never replaces: function words, and the words prompts are built from
 * ("input", "output", "example") whose synonyms would break their structure.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being
  below between both but by can could did do does doing don down during each either else few for
  from further had has have having he her here hers herself him himself his how i if in into is it
  its itself just let me more most must my myself neither no nor not now of off on once one only or
  other our ours ourselves out over own per please same shall she should so some such than that the
  their theirs them themselves then there these they this those through to too under until up upon
  us very was we were what when where which while who whom whose why will with within without would
  yes yet you your yours yourself yourselves
  input inputs output outputs example examples format json user system assistant model role`.split(/\s+/),
);
