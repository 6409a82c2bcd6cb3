SET client_min_messages = warning;
CREATE SCHEMA sales;
CREATE TYPE public.mood AS ENUM ('happy', 'meh', 'sad');
CREATE TYPE sales.status AS ENUM ('open', 'closed');
CREATE TABLE public.diary (id integer NOT NULL, feeling public.mood DEFAULT 'meh'::public.mood NOT NULL);
ALTER TABLE ONLY public.diary ADD CONSTRAINT diary_pkey PRIMARY KEY (id);
CREATE TABLE sales.orders (id integer NOT NULL, state sales.status, feeling public.mood);
