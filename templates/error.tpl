{{%AUTOESCAPE context="HTML"}}
{{!-- error.tpl: the translated page for 4xx and 5xx answers. --}}
{{>HEAD}}
<section class="error">
<h1>{{ERROR_TITLE}}</h1>
<p>{{ERROR_TEXT}}</p>
{{#FIELD}}<p>{{T_error_field}} <code>{{FIELD}}</code></p>{{/FIELD}}
{{#ACCEPTED}}<p>{{T_error_accepted}} <code>{{ACCEPTED}}</code></p>{{/ACCEPTED}}
<p><a href="{{HOME}}">{{T_error_backHome}}</a></p>
</section>
{{>FOOT}}
