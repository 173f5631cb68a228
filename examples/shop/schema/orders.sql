-- Files can come in any order: pg-flux orders the statements itself.
CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers ON DELETE CASCADE,
    status order_status NOT NULL DEFAULT 'pending',
    total numeric(12, 2) NOT NULL CHECK (total >= 0),
    placed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_customer_idx ON orders (customer_id, placed_at DESC);
CREATE INDEX orders_open_idx ON orders (placed_at) WHERE status IN ('pending', 'paid');
