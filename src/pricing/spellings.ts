// The spellings under which a logged model name may have a price. Gateways and SDKs log the model
// the way their own API takes it, not as the price data lists it:
//   LiteLLM      openai/gpt-4o, azure/gpt-4o, bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0
//   pydantic-ai  openai:gpt-4o, anthropic:claude-3-5-sonnet-latest
//   Bedrock      us.anthropic.claude-3-5-sonnet-20241022-v2:0, anthropic.claude-3-haiku-20240307-v1:0
//                (boto3's modelId: no provider logged), and an invocation log's inference-profile or
//                foundation-model ARN
// Each is the same model as the library's id once the wrapper is taken off, priced by the provider
// the wrapper names. Only the price lookup uses these spellings: the model column keeps what the
// log says. A logged provider the library knows always wins over the one a spelling implies, so a
// provider that does not list the model still leaves it unpriced (prices.ts rule 3).

export interface Spelling {
  readonly model: string;
  readonly provider: string | null;
}

/** Is `name` a provider the price library knows (its id, or a name its provider_match accepts)? */
export type IsProvider = (name: string) => boolean;

// A provider prefix is a plain name: a dotted one ("anthropic.claude-3-haiku-...-v1:0") is a
// Bedrock id whose ":0" is a version, not a pydantic-ai separator.
const PREFIXED = /^([a-z][a-z0-9_-]*)[/:](.+)$/i;
const BEDROCK_ARN = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(?:inference-profile|foundation-model)\/(.+)$/i;
// Bedrock's model ids: an optional cross-region prefix, then the vendor (the ones Bedrock hosts).
const BEDROCK_ID =
  /^(?:(?:us|us-gov|eu|apac|jp|au|ca|global)\.)?(?:amazon|anthropic|ai21|cohere|deepseek|google|meta|mistral|moonshot|nvidia|openai|qwen|stability|twelvelabs|writer)\.[a-z0-9]/i;
// findProvider accepts "bedrock" for the library's "aws" provider.
const BEDROCK = 'bedrock';

/**
 * The other spellings to try, best first, after the logged (model, provider) found no price. The
 * provider of each is the logged one when the library knows it, else the one the spelling names.
 */
export function priceSpellings(model: string, provider: string | null, isProvider: IsProvider): Spelling[] {
  const logged = provider?.trim() ? provider : null;
  const known = logged !== null && isProvider(logged) ? logged : null;
  const found: Spelling[] = [];
  const add = (name: string, implied: string | null) => {
    const spelling = { model: name, provider: known ?? implied ?? logged };
    if (name === model && spelling.provider === provider) return;
    if (!found.some((s) => s.model === spelling.model && s.provider === spelling.provider)) found.push(spelling);
  };
  const unwrap = (name: string, implied: string | null, depth: number) => {
    if (depth > 3) return;
    const arn = BEDROCK_ARN.exec(name);
    if (arn) {
      add(arn[1]!, BEDROCK);
      unwrap(arn[1]!, BEDROCK, depth + 1);
      return;
    }
    const prefixed = PREFIXED.exec(name);
    if (prefixed && isProvider(prefixed[1]!)) {
      add(prefixed[2]!, prefixed[1]!);
      unwrap(prefixed[2]!, prefixed[1]!, depth + 1);
      return;
    }
    if (BEDROCK_ID.test(name)) add(name, implied ?? BEDROCK);
  };
  unwrap(model.trim(), null, 0);
  return found;
}
