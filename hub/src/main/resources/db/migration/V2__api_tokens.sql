-- HTTP API tokens: only a SHA-256 of each token is kept (tokens are 192 random bits).
CREATE TABLE api_tokens (
    token_hash VARCHAR(100) PRIMARY KEY,
    name       VARCHAR(100) NOT NULL UNIQUE,
    role       VARCHAR(16)  NOT NULL,
    created_at BIGINT       NOT NULL
);
