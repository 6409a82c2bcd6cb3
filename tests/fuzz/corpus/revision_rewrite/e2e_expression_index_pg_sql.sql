-- One feature: expression indexes (lower(email), to_tsvector(...), a column
-- mixed with an expression).
--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: accounts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accounts (
    id integer NOT NULL,
    tenant integer NOT NULL,
    email character varying(255) NOT NULL,
    bio text
);


--
-- Name: accounts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.accounts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: accounts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.accounts_id_seq OWNED BY public.accounts.id;


--
-- Name: accounts id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts ALTER COLUMN id SET DEFAULT nextval('public.accounts_id_seq'::regclass);


--
-- Name: accounts accounts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);


--
-- Name: ix_accounts_email_lower; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_accounts_email_lower ON public.accounts USING btree (lower((email)::text));


--
-- Name: ix_accounts_tenant_email; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_accounts_tenant_email ON public.accounts USING btree (tenant, lower((email)::text));


--
-- Name: ix_accounts_bio_fts; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_accounts_bio_fts ON public.accounts USING gin (to_tsvector('english'::regconfig, COALESCE(bio, ''::text)));

