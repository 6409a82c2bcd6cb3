--
-- PostgreSQL database dump
--
-- One feature: generated (STORED) columns, one of them indexed, next to a
-- plain default, so the expression is reflected as `computed`, not as a
-- server default.

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
-- Name: invoice_lines; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invoice_lines (
    id integer NOT NULL,
    quantity integer DEFAULT 1 NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    vat_rate numeric(4,3) DEFAULT 0.2 NOT NULL,
    net numeric(12,2) GENERATED ALWAYS AS (((quantity)::numeric * unit_price)) STORED,
    gross numeric(12,2) GENERATED ALWAYS AS (round((((quantity)::numeric * unit_price) * ((1)::numeric + vat_rate)), 2)) STORED NOT NULL,
    label text GENERATED ALWAYS AS (lower(('line '::text || (id)::text))) STORED
);


--
-- Name: invoice_lines invoice_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_pkey PRIMARY KEY (id);


--
-- Name: ix_invoice_lines_gross; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_invoice_lines_gross ON public.invoice_lines USING btree (gross);


--
-- PostgreSQL database dump complete
--
