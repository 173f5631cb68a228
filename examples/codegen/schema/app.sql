CREATE TYPE role AS ENUM ('admin', 'member');

CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE,
    role role NOT NULL DEFAULT 'member',
    handle varchar(30) NOT NULL CHECK (length(handle) >= 3),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE posts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id bigint NOT NULL REFERENCES users,
    title text NOT NULL CHECK (title <> ''),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    tags text[] NOT NULL DEFAULT '{}',
    body jsonb
);
