// The messaging context's domain errors, each with a stable code (`conversation.not_allowed`).
export {};
