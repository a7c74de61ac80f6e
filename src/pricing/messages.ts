// Sentences a user can read about price configuration.
// They belong in src/messages.ts with the rest; they sit here only until that file takes them
// (this module's owners may edit src/pricing/** alone), so move them there rather than copy.

export const pricingMessages = {
  overrideNotAnObject: (model: string) =>
    `price override for model "${model}" must be a mapping with input_per_mtok and output_per_mtok`,
  overrideBadPrice: (model: string, field: string) =>
    `price override for model "${model}": ${field} must be a finite number >= 0 (USD per million tokens)`,
  overrideBadProvider: (model: string) => `price override for model "${model}": provider must be a non-empty string`,
  overrideDuplicate: (a: string, b: string) =>
    `price overrides "${a}" and "${b}" name the same model (model names are compared ignoring case)`,
};
