--
-- PostgreSQL database dump
--
-- A multi-tenant SaaS: every row carries tenant_id, composite foreign keys
-- (tenant_id, id), uuid keys with gen_random_uuid(), PostGIS (its
-- spatial_ref_sys table and functions belong to the extension), citext, a
-- billing schema with
-- its own enum, identity columns, expression indexes per tenant, a
-- security-barrier view and a row-level trigger.

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: billing; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA billing;


--
-- Name: citext; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;


--
-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;


--
-- Name: EXTENSION postgis; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION postgis IS 'PostGIS geometry and geography spatial types and functions';


--
-- Name: plan_tier; Type: TYPE; Schema: billing; Owner: -
--

CREATE TYPE billing.plan_tier AS ENUM (
    'free',
    'team',
    'enterprise'
);


--
-- Name: current_tenant(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.current_tenant() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;


--
-- Name: forbid_tenant_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.forbid_tenant_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.tenant_id <> OLD.tenant_id THEN
        RAISE EXCEPTION 'tenant_id cannot change';
    END IF;
    RETURN NEW;
END;
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: subscriptions; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.subscriptions (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    tier billing.plan_tier DEFAULT 'free'::billing.plan_tier NOT NULL,
    seats integer DEFAULT 1 NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    ends_at timestamp with time zone,
    CONSTRAINT ck_subscriptions_seats CHECK ((seats > 0)),
    CONSTRAINT ck_subscriptions_period CHECK (((ends_at IS NULL) OR (ends_at > started_at)))
);


--
-- Name: subscriptions_id_seq; Type: SEQUENCE; Schema: billing; Owner: -
--

ALTER TABLE billing.subscriptions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing.subscriptions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: memberships; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.memberships (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    project_id uuid NOT NULL,
    role character varying(16) DEFAULT 'member'::character varying NOT NULL,
    CONSTRAINT ck_memberships_role CHECK (((role)::text = ANY ((ARRAY['owner'::character varying, 'admin'::character varying, 'member'::character varying])::text[])))
);


--
-- Name: projects; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.projects (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name character varying(200) NOT NULL,
    slug character varying(100) NOT NULL,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    office_location public.geography(Point,4326),
    archived boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE projects; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.projects IS 'A tenant''s projects; slug unique per tenant';


--
-- Name: tenants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tenants (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name character varying(200) NOT NULL,
    subdomain public.citext NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE tenants; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.tenants IS 'One customer organisation';


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email character varying(320) NOT NULL,
    full_name character varying(200),
    last_seen_at timestamp with time zone,
    deleted_at timestamp with time zone
);


--
-- Name: active_projects; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.active_projects WITH (security_barrier='true') AS
 SELECT projects.tenant_id,
    projects.id,
    projects.name
   FROM public.projects
  WHERE ((NOT projects.archived) AND (projects.tenant_id = public.current_tenant()));


--
-- Name: subscriptions pk_subscriptions; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.subscriptions
    ADD CONSTRAINT pk_subscriptions PRIMARY KEY (id);


--
-- Name: memberships pk_memberships; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT pk_memberships PRIMARY KEY (tenant_id, user_id, project_id);


--
-- Name: projects pk_projects; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT pk_projects PRIMARY KEY (tenant_id, id);


--
-- Name: projects uq_projects_tenant_id_slug; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT uq_projects_tenant_id_slug UNIQUE (tenant_id, slug);


--
-- Name: tenants pk_tenants; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT pk_tenants PRIMARY KEY (id);


--
-- Name: tenants uq_tenants_subdomain; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT uq_tenants_subdomain UNIQUE (subdomain);


--
-- Name: users pk_users; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT pk_users PRIMARY KEY (tenant_id, id);


--
-- Name: ix_projects_office_location; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_projects_office_location ON public.projects USING gist (office_location);


--
-- Name: ix_projects_settings; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_projects_settings ON public.projects USING gin (settings);


--
-- Name: ix_users_tenant_id_email; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_users_tenant_id_email ON public.users USING btree (tenant_id, lower((email)::text)) WHERE (deleted_at IS NULL);


--
-- Name: ix_subscriptions_tenant_id_active; Type: INDEX; Schema: billing; Owner: -
--

CREATE UNIQUE INDEX ix_subscriptions_tenant_id_active ON billing.subscriptions USING btree (tenant_id) WHERE (ends_at IS NULL);


--
-- Name: projects projects_forbid_tenant_change; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER projects_forbid_tenant_change BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION public.forbid_tenant_change();


--
-- Name: subscriptions fk_subscriptions_tenant_id_tenants; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.subscriptions
    ADD CONSTRAINT fk_subscriptions_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: memberships fk_memberships_tenant_id_project_id_projects; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT fk_memberships_tenant_id_project_id_projects FOREIGN KEY (tenant_id, project_id) REFERENCES public.projects(tenant_id, id) ON DELETE CASCADE;


--
-- Name: memberships fk_memberships_tenant_id_user_id_users; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT fk_memberships_tenant_id_user_id_users FOREIGN KEY (tenant_id, user_id) REFERENCES public.users(tenant_id, id) ON DELETE CASCADE;


--
-- Name: projects fk_projects_tenant_id_tenants; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT fk_projects_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- Name: users fk_users_tenant_id_tenants; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT fk_users_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

