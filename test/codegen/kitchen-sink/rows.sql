-- One row with every column of the kitchen sink set (and one with every nullable column NULL),
-- for the driver round-trip tests. Multi-dimensional columns hold values of their declared
-- dimensions (PostgreSQL does not enforce them; codegen types them from pg_attribute.attndims).
INSERT INTO users (email, handle, mood, moods, tier, age, score, "class", "Display Name", type)
VALUES ('a@example.com', 'alice', 'happy', '{sad,"very happy"}', 'pro', 42, 12.50, 'c', 'Alice', 't'),
       ('b@example.com', 'bob', DEFAULT, NULL, DEFAULT, NULL, NULL, NULL, NULL, NULL);

INSERT INTO all_types (
    c_int2, c_int4, c_int8, c_float4, c_float8, c_numeric, c_money, c_bool, c_text, c_char, c_name, c_bytea, c_uuid,
    c_json, c_jsonb, c_date, c_time, c_timetz, c_timestamp, c_timestamptz, c_interval, c_inet, c_cidr, c_macaddr,
    c_point, c_circle, c_box, c_bit, c_varbit, c_tsvector, c_xml, c_int4range, c_tstzrange, c_datemultirange,
    c_int4_arr, c_int8_arr, c_text_arr, c_numeric_arr, c_date_arr, c_timestamptz_arr, c_uuid_arr, c_jsonb_arr,
    c_bool_arr, c_int4range_arr, c_int4_2d)
VALUES (
    1, 2, 9007199254740993, 1.5, 2.25, 12345678901234567890.123, 12.34, true, 'text', 'ab', 'name', '\xdeadbeef',
    'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, null]}', '{"b": {"c": true}}', '2024-01-02', '12:34:56',
    '12:34:56+02', '2024-01-02 03:04:05', '2024-01-02 03:04:05+00', '1 year 2 mons 3 days 04:05:06', '192.168.0.1/24',
    '10.0.0.0/8', '08:00:2b:01:02:03', '(1,2)', '<(1,2),3>', '((0,0),(1,1))', B'1010', B'101', 'a fat cat',
    '<a>x</a>', '[1,10)', '[2024-01-01 00:00+00,2024-02-01 00:00+00)', '{[2024-01-01,2024-02-01)}',
    '{1,NULL,3}', '{9007199254740993}', '{a,"b c",NULL}', '{1.5,2}', '{2024-01-02}', '{"2024-01-02 03:04:05+00"}',
    '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', ARRAY['{"x": 1}'::jsonb], '{t,f}', '{"[1,2)"}', '{{5,6},{7,NULL}}'
), (DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, DEFAULT, NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL);

INSERT INTO places VALUES
    (1, ROW('1 Main St', '12345', '{a,NULL}', 'happy'), ROW(NULL, NULL, NULL, NULL),
     ARRAY[ROW('ABC-1', 2, 9.99, ROW('2 Side St', NULL, '{}', NULL))::billing.line, NULL],
     ROW('ABC-2', NULL, NULL, NULL), '[1.5,2.5)', '{[1,2),[3,4]}', '[1,10)', '{{a,"b c"},{NULL,d}}',
     '{{{1,2},{3,4}},{{5,6},{7,8}}}'),
    (2, NULL, ROW('x', 'y', NULL, 'sad'), NULL, NULL, NULL, NULL, 'empty', NULL, NULL);
INSERT INTO orders VALUES (1, 1, 'paid', 10.00);
INSERT INTO order_lines VALUES (1, 1, 'ABC-1');
INSERT INTO shipments (order_id, line_no, note) VALUES (1, 1, 'fragile');
INSERT INTO billing.users VALUES (1, 1);
INSERT INTO billing.invoices (billing_user_id, status, statuses, amount) VALUES (1, 'open', '{open,paid}', 1);
