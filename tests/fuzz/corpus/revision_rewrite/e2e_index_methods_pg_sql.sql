-- One feature: index methods, operator classes and orderings: gin on jsonb
-- (default and jsonb_path_ops) and tsvector, gist on a range, text_pattern_ops, DESC.
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
-- Name: documents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.documents (
    id integer NOT NULL,
    path character varying(500) NOT NULL,
    body jsonb DEFAULT '{}'::jsonb NOT NULL,
    search tsvector,
    valid_during tstzrange,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: documents_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.documents_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: documents_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.documents_id_seq OWNED BY public.documents.id;


--
-- Name: documents id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents ALTER COLUMN id SET DEFAULT nextval('public.documents_id_seq'::regclass);


--
-- Name: documents documents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (id);


--
-- Name: ix_documents_body; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_documents_body ON public.documents USING gin (body);


--
-- Name: ix_documents_body_path_ops; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_documents_body_path_ops ON public.documents USING gin (body jsonb_path_ops);


--
-- Name: ix_documents_path_pattern; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_documents_path_pattern ON public.documents USING btree (path text_pattern_ops);


--
-- Name: ix_documents_search; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_documents_search ON public.documents USING gin (search);


--
-- Name: ix_documents_updated_at_desc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_documents_updated_at_desc ON public.documents USING btree (updated_at DESC);


--
-- Name: ix_documents_valid_during; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_documents_valid_during ON public.documents USING gist (valid_during);

