{{%AUTOESCAPE context="HTML"}}
{{!-- head.tpl: the top of every page: document head, site header, language switcher. --}}
<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
{{#REFRESH}}<meta http-equiv="refresh" content="{{REFRESH}}">
{{/REFRESH}}<title>{{TITLE}} · {{T_site_name}}</title>
<meta name="description" content="{{T_monitoring_metaDescription}}">
<link rel="stylesheet" href="{{BASE}}/static/style.css">
<link rel="icon" href="{{BASE}}/static/favicon.svg" type="image/svg+xml">
{{#ALTERNATE}}<link rel="alternate" hreflang="{{HREFLANG}}" href="{{HREF}}">
{{/ALTERNATE}}
<link rel="alternate" type="application/atom+xml" href="{{FEED_HREF}}" title="{{T_feed_title}}">
</head>
<body>
<a class="skip" href="#main">{{T_a11y_skipToContent}}</a>
<header class="site">
<a class="brand" href="{{HOME}}">{{T_site_name}}</a>
<nav class="langs" aria-label="{{T_header_language}}">
<ul>{{#LANGUAGE}}<li><a href="{{HREF}}" hreflang="{{CODE}}" lang="{{CODE}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{NAME}}</a></li>{{/LANGUAGE}}</ul>
</nav>
</header>
<main id="main">
