--
-- PostgreSQL database dump
--
-- One feature: integer primary keys with no sequence behind them (codes
-- assigned elsewhere: ISO 3166 numeric country codes, an ERP's customer
-- numbers). They must stay plain integers, never become serial.

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
-- Name: countries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.countries (
    numeric_code smallint NOT NULL,
    alpha2 character(2) NOT NULL,
    name character varying(100) NOT NULL
);


--
-- Name: erp_customers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.erp_customers (
    customer_no integer NOT NULL,
    country_code smallint NOT NULL
);


--
-- Name: countries countries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.countries
    ADD CONSTRAINT countries_pkey PRIMARY KEY (numeric_code);


--
-- Name: erp_customers erp_customers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.erp_customers
    ADD CONSTRAINT erp_customers_pkey PRIMARY KEY (customer_no);


--
-- Name: erp_customers erp_customers_country_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.erp_customers
    ADD CONSTRAINT erp_customers_country_code_fkey FOREIGN KEY (country_code) REFERENCES public.countries(numeric_code);

