--
-- PostgreSQL database dump
--
-- A partitioned table (declarative range partitioning by month) with its
-- partitions attached, a partitioned index and a foreign key from the
-- parent. Partitioned tables and partitions are not managed (as views):
-- inspect leaves them out, so only tenants makes the round trip, and
-- check against A proposes no drop of events.

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
-- Name: tenants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenants (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name character varying(200) NOT NULL
);


--
-- Name: tenants tenants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);


--
-- Name: events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events (
    tenant_id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    kind character varying(64) NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL
)
PARTITION BY RANGE (occurred_at);


--
-- Name: events_2024_01; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events_2024_01 (
    tenant_id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    kind character varying(64) NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL
);


--
-- Name: events_2024_02; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events_2024_02 (
    tenant_id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    kind character varying(64) NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL
);


--
-- Name: events_2024_01; Type: TABLE ATTACH; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024_01 FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-02-01 00:00:00+00');


--
-- Name: events_2024_02; Type: TABLE ATTACH; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024_02 FOR VALUES FROM ('2024-02-01 00:00:00+00') TO ('2024-03-01 00:00:00+00');


--
-- Name: ix_events_tenant_id_occurred_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_events_tenant_id_occurred_at ON ONLY public.events USING btree (tenant_id, occurred_at);


--
-- Name: events fk_events_tenant_id_tenants; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE public.events
    ADD CONSTRAINT fk_events_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

