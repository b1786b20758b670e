/** Files `plume init` writes, relative to the project root. */
export const INIT_FILES: Readonly<Record<string, string>> = {
  'plume.yaml': `# plume project settings. Every field is optional; see the README for all of them.
prompts: prompts

# The model used when a prompt names none. Left unset, plume picks the best it can find:
# a hosted provider whose key is set, else a local GGUF model (PLUME_LOCAL_MODEL or local.model).
# defaultModel: openai:gpt-4o-mini

defaults:
  temperature: 0.7
  maxTokens: 256

# providers:
#   openai:
#     apiKeyEnv: OPENAI_API_KEY      # the name of the variable, never the key itself
#   mylab:
#     type: openai-compatible
#     baseURL: http://127.0.0.1:8000/v1
#     apiKeyEnv: MYLAB_API_KEY
#     headers:
#       X-Gateway-Token: { env: MYLAB_GATEWAY_TOKEN }   # a header's value, read from the environment

local:
  threads: 2
  sequences: 4
  # model: /path/to/model.gguf

cache:
  enabled: true
  ttl: 30d
`,
  'prompts/haiku.prompt': `---
description: A haiku about a topic, in a chosen mood.
tags: [example, creative]
config:
  temperature: 0.8
  maxOutputTokens: 120
input:
  schema:
    topic: string, what the haiku is about
    mood?: string, the feeling it should leave
  default:
    mood: calm
---
{{role "system"}}
You are a careful poet. {{> house-style}}
{{role "user"}}
Write a haiku about {{topic}}. The mood is {{mood}}.
`,
  'prompts/summarize.prompt': `---
description: Summarize a text for a given audience in a fixed number of bullet points.
tags: [example, summarization]
config:
  temperature: 0
  maxOutputTokens: 300
input:
  schema:
    text: string, the text to summarize
    audience?: string
    bullets?: integer
  default:
    audience: a busy engineer
    bullets: 3
---
{{role "system"}}
You summarize texts faithfully. Never add facts that are not in the text. {{> house-style}}
{{role "user"}}
Summarize the text between the markers for {{audience}}, in exactly {{bullets}} bullet points.

<<<
{{text}}
>>>
`,
  'prompts/classify-sentiment.prompt': `---
description: Classify the sentiment of a customer review.
tags: [example, classification]
config:
  temperature: 0
  maxOutputTokens: 5
input:
  schema:
    review: string
---
{{role "system"}}
Classify the sentiment of the review as exactly one word: positive, negative or neutral.
{{role "user"}}
Review: {{review}}
Sentiment:
`,
  'prompts/classify-sentiment-defined.prompt': `---
description: Classify the sentiment of a review, with each label defined and an example.
tags: [example, classification]
config:
  temperature: 0
  maxOutputTokens: 5
input:
  schema:
    review: string
---
{{role "system"}}
You label customer reviews. Answer with exactly one lowercase word:
- positive: the customer is satisfied overall;
- negative: the customer is dissatisfied overall;
- neutral: neither, or the review only states facts.
Example: "Arrived on time, does the job." → positive
{{role "user"}}
Review: {{review}}
Sentiment:
`,
  'plume.suite.yaml': `# Which wording labels review sentiment better? Run it with: plume eval
# Field names follow promptfoo's; see the README for all of them.
description: Review sentiment, two wordings compared

prompts:
  - classify-sentiment
  - classify-sentiment-defined

# providers:            # models to compare; left out, the project's default model runs
#   - openai:gpt-4o-mini
#   - id: local:default
#     config: { temperature: 0 }

defaultTest:
  assert:
    - type: character-count
      value: { max: 40 }
    - type: icontains
      value: "{{label}}"

# Each test's expected label is in its vars, so checks (and plume optimize) can use it.
tests:
  - vars: { review: "The battery lasts two days and the screen is gorgeous.", label: positive }
  - vars: { review: "Broke after a week and support never answered.", label: negative }
  - vars: { review: "It is a phone. It makes calls.", label: neutral }
  - vars: { review: "Not bad at all, I would buy it again.", label: positive }
  - vars: { review: "I wanted to love it, but the hinge creaks and the fan is loud.", label: negative }
  - vars: { review: "Delivered in a blue box on Tuesday.", label: neutral }
`,
  'prompts/_house-style.prompt': `Answer in plain English, without preamble.
`,
  '.gitignore': `.plume/
`,
};
